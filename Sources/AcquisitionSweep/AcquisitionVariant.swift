import Phantom

/// A change of the phantom's acquisition, from an argument of `name=value` parts joined by commas
/// (e.g. `pixel=3,still`): the real-world range the product must accept (1.2–3 mm pixels, 40–120
/// frames, any heart rate, oblique FOVs).
struct AcquisitionVariant: CustomStringConvertible {
    let description: String
    let apply: (inout PhantomSpec) -> Void

    static let usage = "base | pixel=MM (same FOV) | frames=N | hr=BPM | cnr=X | pd=N | still (no motion) | rotation (random FOV rotation), joined by commas"

    init?(_ argument: String) {
        var changes: [(inout PhantomSpec) -> Void] = []
        for part in argument.split(separator: ",") {
            guard let change = Self.change(String(part)) else { return nil }
            changes.append(change)
        }
        guard !changes.isEmpty else { return nil }
        description = argument
        apply = { spec in for change in changes { change(&spec) } }
    }

    private static func change(_ part: String) -> ((inout PhantomSpec) -> Void)? {
        let parts = part.split(separator: "=", maxSplits: 1).map(String.init)
        let value = parts.count == 2 ? Double(parts[1]) : nil
        switch (parts[0], value) {
        case ("base", nil): return { _ in }
        case ("pixel", let mm?) where mm > 0.5 && mm < 10: return { $0.imaging = $0.imaging.withPixelSize(mm) }
        case ("frames", let n?) where n >= 8: return { $0.dynamicFrameCount = Int(n) }
        case ("hr", let bpm?) where bpm > 20: return { $0.heartRateBpm = bpm }
        case ("cnr", let x?) where x >= 0: return { $0.contrastToNoise = x }
        case ("pd", let n?) where n >= 1: return { $0.pdFrameCount = Int(n) }
        case ("still", nil): return { $0.motion = .none }
        case ("rotation", nil): return { $0.fovRotationDeg = PhantomSpec.randomFOVRotationDeg(seed: $0.seed) }
        default: return nil
        }
    }
}
