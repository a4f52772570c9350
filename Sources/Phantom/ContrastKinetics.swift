import Foundation
import Physics

/// Blood and tissue Gd concentration curves (mmol/L) of one study on a fine uniform time grid.
///
/// AIF: gamma variate + recirculation + plateau (physics-and-acquisition.md §3, `GammaVariateAIF`);
/// the RV curve arrives earlier, higher and narrower. Myocardium: C = Cb ⊗ R with the Fermi
/// residue (§4; F = MBF·ρ/60) or, as an option, the two-compartment exchange model. Other
/// tissues: Tofts-like extracellular leakage or delayed, dispersed blood curves.
public struct ContrastKinetics: Sendable {
    /// Fine-grid spacing, s.
    public let dtS: Double
    /// Number of fine-grid samples (times 0, dt, 2dt, …).
    public let count: Int
    public let lvAIF: GammaVariateAIF
    public let rvAIF: GammaVariateAIF
    public let pattern: PerfusionPattern
    public let model: PhantomSpec.KineticModel
    public let haematocrit: Double
    /// RV free-wall MBF relative to normal LV myocardium.
    public let rvWallMBF: Double
    public let papillaryMBF: Double
    private(set) var curves: [CurveKey: [Double]] = [:]

    /// Draws the AIFs for a spec and prepares curves up to `durationS`.
    /// `dtS` is the fine-grid spacing (0.05 s for studies; coarser grids trade accuracy for speed).
    public init(spec: PhantomSpec, firstDynamicS: Double, durationS: Double, pattern: PerfusionPattern, dtS: Double = 0.05,
                using g: inout SeededGenerator) {
        self.dtS = dtS
        count = Int((durationS / dtS).rounded(.up)) + 2
        self.pattern = pattern
        model = spec.kineticModel
        haematocrit = spec.haematocrit
        let stress = spec.stressState == "stress"
        let doseScale = spec.doseMmolPerKg / 0.05
        let peak = (stress ? g.uniform(3.3, 4.5) : g.uniform(4.2, 5.4)) * doseScale
        let beta = stress ? g.uniform(0.6, 0.75) : g.uniform(0.75, 0.95)
        let arrival = firstDynamicS + g.uniform(5, 9)
        lvAIF = GammaVariateAIF(peakMmolPerL: peak, arrivalS: arrival, alpha: g.uniform(3.6, 4.6), betaS: beta,
                                recirculationFraction: g.uniform(0.1, 0.2), recirculationDelayS: g.uniform(8, 12),
                                dispersionS: g.uniform(3, 5), plateauFraction: g.uniform(0.07, 0.12))
        // The RV sees the bolus earlier, higher and narrower; after the first pass blood is mixed,
        // so its recirculation and plateau match the LV's in absolute terms.
        let rvRatio = g.uniform(1.4, 1.8)
        let rvLead = stress ? g.uniform(1.8, 2.6) : g.uniform(2.5, 3.5)
        rvAIF = GammaVariateAIF(peakMmolPerL: peak * rvRatio, arrivalS: arrival - rvLead,
                                alpha: g.uniform(3.0, 3.8), betaS: beta * 0.75,
                                recirculationFraction: lvAIF.recirculationFraction / rvRatio, recirculationDelayS: lvAIF.recirculationDelayS + rvLead - 1,
                                dispersionS: lvAIF.dispersionS, plateauFraction: lvAIF.plateauFraction / rvRatio)
        rvWallMBF = spec.normalMBF * g.uniform(0.5, 0.7)
        papillaryMBF = spec.normalMBF
        curves[.none] = [Double](repeating: 0, count: count)
        curves[.lvBlood] = sample(lvAIF)
        curves[.rvBlood] = sample(rvAIF)
    }

    /// Times of the fine grid, s.
    public var timesS: [Double] { (0..<count).map { Double($0) * dtS } }

    private func sample(_ aif: GammaVariateAIF) -> [Double] {
        (0..<count).map { aif.concentration(at: Double($0) * dtS) }
    }

    /// The curve of a key on the fine grid (computed on first use).
    public mutating func curve(_ key: CurveKey) -> [Double] {
        if let c = curves[key] { return c }
        let c = compute(key)
        curves[key] = c
        return c
    }

    /// The curve of a prepared key (computed now, without caching, when not prepared).
    public func curveValues(_ key: CurveKey) -> [Double] {
        curves[key] ?? compute(key)
    }

    /// Precomputes several curves in parallel.
    public mutating func prepare(_ keys: [CurveKey]) {
        let missing = Array(Set(keys).subtracting(curves.keys)).sorted()
        guard !missing.isEmpty else { return }
        let results = UnsafeResultBox<[Double]>(count: missing.count)
        let me = self
        DispatchQueue.concurrentPerform(iterations: missing.count) { i in results.set(i, me.compute(missing[i])) }
        for (i, k) in missing.enumerated() { curves[k] = results.values[i]! }
    }

    /// Linear interpolation of a fine-grid curve at arbitrary times.
    public func interpolate(_ curve: [Double], at times: [Double]) -> [Double] {
        times.map { t in
            let x = max(0, t / dtS)
            let i = min(Int(x), count - 2)
            let f = min(1, x - Double(i))
            return curve[i] * (1 - f) + curve[i + 1] * f
        }
    }

    private func compute(_ key: CurveKey) -> [Double] {
        let lv = curves[.lvBlood]!
        switch key {
        case .none: return curves[.none]!
        case .lvBlood: return lv
        case .rvBlood: return curves[.rvBlood]!
        case .aorta: return delayed(lv, by: 0.8, dispersion: 0.6, scale: 0.97)
        case let .myocardium(segment, layer):
            let i = segment - 1
            return myocardial(mbf: pattern.mbf[i][layer], shoulder: pattern.shoulderS[i], delay: pattern.delayS[i],
                              volume: pattern.distributionVolume[i], vp: pattern.vp[i], ve: pattern.ve[i], ps: pattern.psMlPerMinPerG[i])
        case .papillary:
            return myocardial(mbf: papillaryMBF, shoulder: 2, delay: 0.5, volume: 0.24, vp: 0.06, ve: 0.17, ps: 1.2)
        case .rvWall:
            return myocardial(mbf: rvWallMBF, shoulder: 2, delay: 0.2, volume: 0.24, vp: 0.06, ve: 0.17, ps: 1.0)
        case .muscle: return tofts(ktransPerMin: 0.06, ve: 0.12, vb: 0.03)
        case .mediastinum: return tofts(ktransPerMin: 0.1, ve: 0.2, vb: 0.04)
        case .marrow: return tofts(ktransPerMin: 0.15, ve: 0.25, vb: 0.06)
        case .liver: return delayed(lv, by: 5, dispersion: 8, scale: 0.3)
        case .lung: return delayed(curves[.rvBlood]!, by: 1.5, dispersion: 1.5, scale: 0.15)
        }
    }

    /// A blood curve delayed by `by` s, dispersed by a normalised exponential of time constant
    /// `dispersion` s, and scaled.
    private func delayed(_ c: [Double], by delay: Double, dispersion: Double, scale: Double) -> [Double] {
        let kernel = (0..<count).map { m -> Double in
            let s = Double(m) * dtS - delay
            return s < 0 ? 0 : exp(-s / dispersion) / dispersion
        }
        let first = Int((delay / dtS).rounded(.up))
        return TrapezoidConvolution.convolve(c, kernel: kernel, dt: dtS, firstLag: first).map { $0 * scale }
    }

    /// Extended Tofts in whole-blood terms: C = vb·Cb + Ktrans·(Cp ⊗ e^{−(Ktrans/ve)t}), Cp = Cb/(1 − Hct).
    private func tofts(ktransPerMin: Double, ve: Double, vb: Double) -> [Double] {
        let lv = curves[.lvBlood]!
        let kt = ktransPerMin / 60, kep = kt / ve
        let kernel = (0..<count).map { kt * exp(-kep * Double($0) * dtS) / (1 - haematocrit) }
        let leak = TrapezoidConvolution.convolve(lv, kernel: kernel, dt: dtS)
        return zip(lv, leak).map { vb * $0 + $1 }
    }

    /// The myocardial curve for one MBF: Fermi (default) or two-compartment exchange.
    private func myocardial(mbf: Double, shoulder: Double, delay: Double, volume: Double, vp: Double, ve: Double, ps: Double) -> [Double] {
        let lv = curves[.lvBlood]!
        let first = Int((delay / dtS).rounded())
        switch model {
        case .fermi:
            let r = PerfusionPattern.fermi(mbf: mbf, shoulderS: shoulder, delayS: Double(first) * dtS, volume: volume)
            let kernel = (0..<count).map { m in m < first ? 0 : r.value(at: Double(m) * dtS) }
            return TrapezoidConvolution.convolve(lv, kernel: kernel, dt: dtS, firstLag: first)
        case .twoCompartment:
            // 2CXM (§4, Sourbron): with whole-blood AIF, C = Fb·(R ⊗ Cb), R(0) = 1, Fp = Fb(1 − Hct).
            let fb = mbf * myocardialDensityGPerMl / 60
            let fp = fb * (1 - haematocrit)
            let psS = ps * myocardialDensityGPerMl / 60
            let tt = (vp + ve) / fp, tc = vp / fp, te = ve / psS
            let root = ((tt + te) * (tt + te) - 4 * tc * te).squareRoot()
            let sp = (tt + te + root) / (2 * tc * te), sm = (tt + te - root) / (2 * tc * te)
            let kernel = (0..<count).map { m -> Double in
                guard m >= first else { return 0 }
                let t = Double(m - first) * dtS
                return fb * ((tt * sp - 1) * sm * exp(-sm * t) + (1 - tt * sm) * sp * exp(-sp * t)) / (sp - sm)
            }
            return TrapezoidConvolution.convolve(lv, kernel: kernel, dt: dtS, firstLag: first)
        }
    }
}

/// Collects per-index results from `concurrentPerform` (each index written once, by one thread).
final class UnsafeResultBox<T>: @unchecked Sendable {
    private(set) var values: [T?]
    private let lock = NSLock()
    init(count: Int) { values = [T?](repeating: nil, count: count) }
    func set(_ i: Int, _ v: T) { lock.lock(); values[i] = v; lock.unlock() }
    var unwrapped: [T] { values.map { $0! } }
}
