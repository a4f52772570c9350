/// The named phantom cases used by tests and `myoflow demo`. Each is deterministic from its seed.
public enum PhantomCase: String, Sendable, CaseIterable {
    /// Stress, normal perfusion, no motion, no mistriggers: the static reference.
    case staticReference = "static"
    /// Stress with LAD ischaemia (transmural gradient) and moderate free-breathing motion.
    case stressLAD = "stress-lad"
    /// Stress with RCA ischaemia, breath-hold then gasp.
    case stressRCA = "stress-rca"
    /// Stress with LCx ischaemia, moderate motion.
    case stressLCx = "stress-lcx"
    /// Rest, normal perfusion, breath-hold then gasp.
    case restNormal = "rest-normal"
    /// Stress with LAD ischaemia, large irregular motion with deep breaths, mistriggers, lower SNR.
    case hard = "hard"

    /// The case's specification with a seed.
    public func spec(seed: UInt64) -> PhantomSpec {
        switch self {
        case .staticReference:
            var s = PhantomSpec(name: rawValue, seed: seed, stressState: "stress", heartRateBpm: 85, normalMBF: 3.0)
            s.motion = .none
            return s
        case .stressLAD, .stressRCA, .stressLCx:
            var s = PhantomSpec(name: rawValue, seed: seed, stressState: "stress", heartRateBpm: 90, normalMBF: 3.0)
            s.ischaemicTerritory = self == .stressLAD ? .lad : (self == .stressRCA ? .rca : .lcx)
            s.motion = .moderate
            if self == .stressRCA {
                s.motion.pattern = .breathHoldThenGasp
                s.motion.breathHoldS = 20
            }
            return s
        case .restNormal:
            var s = PhantomSpec(name: rawValue, seed: seed, stressState: "rest", heartRateBpm: 65, normalMBF: 0.85)
            s.motion = .moderate
            s.motion.pattern = .breathHoldThenGasp
            s.motion.breathHoldS = 22
            s.dynamicFrameCount = 55
            return s
        case .hard:
            var s = PhantomSpec(name: rawValue, seed: seed, stressState: "stress", heartRateBpm: 105, normalMBF: 2.8)
            s.ischaemicTerritory = .lad
            s.rrJitterFraction = 0.08
            s.contrastToNoise = 15
            s.dynamicFrameCount = 70
            s.motion = MotionSettings(pattern: .freeBreathing, amplitudeMm: 14, periodS: 3.2, irregularity: 0.4,
                                      deepBreathProbability: 0.25, rotationDeg: 4, scaleFraction: 0.04, nonRigidMm: 3,
                                      mistriggerFraction: 0.05, breathHoldS: 0)
            return s
        }
    }

    /// Looks a case up by name; throws listing the known names.
    public static func named(_ name: String) throws -> PhantomCase {
        guard let c = PhantomCase(rawValue: name) else {
            throw PhantomError.unknownCase(name, known: allCases.map(\.rawValue))
        }
        return c
    }
}
