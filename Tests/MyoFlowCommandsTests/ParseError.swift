import MyoFlowCommands

/// The one-line message `myoflow` prints for `arguments` (parsing + validation), nil when they
/// are accepted. Shared by the command-line parsing tests.
func parseError(_ arguments: [String]) -> String? {
    do {
        var command = try MyoFlowCommand.parseAsRoot(arguments)
        try command.validate()
        return nil
    } catch {
        return MyoFlowCommand.message(for: error)
    }
}
