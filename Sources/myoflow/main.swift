import MyoFlowCommands

MyoFlowCommand.main()
