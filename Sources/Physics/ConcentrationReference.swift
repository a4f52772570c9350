/// Which compartment a Gd concentration refers to (physics-and-acquisition.md §2, haematocrit):
/// plasma = whole blood/(1 − Hct). Fermi fits of whole-blood-referenced AIF and tissue give blood
/// flow; plasma models (BTEX, 2CXM) need plasma.
public enum ConcentrationReference: String, Sendable, Equatable, Codable {
    case wholeBlood = "blood"
    case plasma = "plasma"

    /// Converts a concentration from this reference to `target`.
    @inlinable
    public func convert(_ value: Double, to target: ConcentrationReference, haematocrit: Double) -> Double {
        switch (self, target) {
        case (.wholeBlood, .plasma): return value / (1 - haematocrit)
        case (.plasma, .wholeBlood): return value * (1 - haematocrit)
        default: return value
        }
    }
}
