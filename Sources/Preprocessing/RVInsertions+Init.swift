import MyoFlowCore

extension RVInsertions {
    /// RV insertion points from another source (a learned finder in a later module, tests).
    public init(anterior: PixelPosition, inferior: PixelPosition, contactArcDegrees: Double, warnings: [String] = []) {
        self.anterior = anterior
        self.inferior = inferior
        self.contactArcDegrees = contactArcDegrees
        self.warnings = warnings
    }
}
