/// Which concentration–time curve a pixel follows.
public enum CurveKey: Hashable, Sendable, Comparable {
    /// No contrast (air, fat, CSF).
    case none
    case lvBlood, rvBlood, aorta
    /// LV myocardium of an AHA segment (1–16) and transmural layer (0 = endocardium).
    case myocardium(segment: Int, layer: Int)
    case papillary, rvWall, muscle, liver, lung, marrow, mediastinum

    /// A short stable name for files ("myo_07_2", "lv_blood").
    public var name: String {
        switch self {
        case .none: return "none"
        case .lvBlood: return "lv_blood"
        case .rvBlood: return "rv_blood"
        case .aorta: return "aorta"
        case let .myocardium(s, l): return "myo_\(s < 10 ? "0" : "")\(s)_\(l)"
        case .papillary: return "papillary"
        case .rvWall: return "rv_wall"
        case .muscle: return "muscle"
        case .liver: return "liver"
        case .lung: return "lung"
        case .marrow: return "marrow"
        case .mediastinum: return "mediastinum"
        }
    }
}
