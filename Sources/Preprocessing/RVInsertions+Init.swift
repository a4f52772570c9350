import MyoFlowCore

extension RVInsertions {
    /// RV insertion points from another source (a finder in a later module, tests); no warnings.
    public init(anterior: PixelPosition, inferior: PixelPosition, contactArcDegrees: Double) {
        self.init(anterior: anterior, inferior: inferior, contactArcDegrees: contactArcDegrees, warnings: [])
    }
}
