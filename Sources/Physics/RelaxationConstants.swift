/// Relaxivities and native relaxation times at a field strength (physics-and-acquisition.md §2,
/// Kellman/Xue constants).
public struct RelaxationConstants: Sendable, Equatable {
    public var fieldStrengthT: Double
    /// Longitudinal relaxivity r1, L/mmol/s.
    public var r1: Double
    /// Transverse relaxivity r2, L/mmol/s.
    public var r2: Double
    /// Native T1 of blood, seconds.
    public var t1BloodS: Double
    /// Native T1 of myocardium, seconds.
    public var t1MyocardiumS: Double

    /// Constants for 1.5 T or 3 T (the nearer of the two); nil for fields outside 1–4 T.
    public init?(fieldStrengthT: Double) {
        guard fieldStrengthT.isFinite, fieldStrengthT >= 1, fieldStrengthT <= 4 else { return nil }
        self.fieldStrengthT = fieldStrengthT
        if fieldStrengthT >= 2.25 {
            r1 = 4.9188; r2 = 5.9133; t1BloodS = 2.0; t1MyocardiumS = 1.3
        } else {
            r1 = 5.565; r2 = 5.78; t1BloodS = 1.7; t1MyocardiumS = 1.1
        }
    }

    /// R1 = R1,0 + r1·[Gd] (s⁻¹), for a native T1 in seconds and [Gd] in mmol/L (§2).
    @inlinable
    public func r1(nativeT1S: Double, gdMmolPerL: Double) -> Double {
        1 / nativeT1S + r1 * gdMmolPerL
    }
}

/// Myocardial tissue density used to convert flow per volume to flow per mass (g/ml).
public let myocardialDensityGPerMl = 1.05
