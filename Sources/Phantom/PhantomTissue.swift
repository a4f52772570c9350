/// Tissue classes painted by the phantom (codes stored in ground truth `tissue` maps).
public enum PhantomTissue: UInt8, Sendable, CaseIterable {
    case air = 0, lvBlood, rvBlood, myocardium, papillary, rvWall, fat, muscle, lung, liver, marrow, aorta, mediastinum, spinalCanal

    /// The ground-truth segmentation label of this tissue (papillary muscles count as LV blood pool).
    public var label: UInt8 {
        switch self {
        case .lvBlood, .papillary: return 1
        case .myocardium: return 2
        case .rvBlood: return 3
        default: return 0
        }
    }

    /// Relative proton density M0 (blood ≈ 1).
    public var protonDensity: Double {
        switch self {
        case .air: return 0
        case .lvBlood, .rvBlood, .aorta: return 1.0
        case .myocardium, .papillary, .rvWall: return 0.8
        case .fat: return 0.95
        case .muscle: return 0.75
        case .lung: return 0.12
        case .liver: return 0.75
        case .marrow: return 0.7
        case .mediastinum: return 0.7
        case .spinalCanal: return 0.9
        }
    }

    /// Native T1 at 3 T, s (blood and myocardium from RelaxationConstants are used instead).
    public var nativeT1At3TS: Double {
        switch self {
        case .air: return 1
        case .lvBlood, .rvBlood, .aorta: return 2.0
        case .myocardium, .papillary, .rvWall: return 1.3
        case .fat: return 0.4
        case .muscle: return 1.4
        case .lung: return 1.3
        case .liver: return 0.85
        case .marrow: return 0.6
        case .mediastinum: return 1.1
        case .spinalCanal: return 3.5
        }
    }
}
