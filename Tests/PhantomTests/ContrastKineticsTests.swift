import Foundation
import Phantom
import Physics
import XCTest

final class ContrastKineticsTests: XCTestCase {
    private func kinetics(_ model: PhantomSpec.KineticModel) -> (ContrastKinetics, PhantomSpec) {
        var spec = PhantomCase.stressLAD.spec(seed: 12)
        spec.kineticModel = model
        var g = SeededGenerator(seed: 5)
        let pattern = PerfusionPattern.random(spec: spec, dt: 0.05, using: &g)
        var k = ContrastKinetics(spec: spec, firstDynamicS: 3, durationS: 80, pattern: pattern, using: &g)
        k.prepare([.myocardium(segment: 10, layer: 1), .myocardium(segment: 1, layer: 0)])
        return (k, spec)
    }

    /// The Fermi impulse response starts at F = MBF·ρ/60: just after the bolus reaches the
    /// tissue, C(t) → F·∫Cb, so the ground truth is defined by F.
    func testEarlyUptakeIsFlowTimesIntegratedAIF() {
        for model in [PhantomSpec.KineticModel.fermi] {
            let (k, _) = kinetics(model)
            for (segment, layer) in [(10, 1), (1, 0)] {
                let mbf = k.pattern.mbf[segment - 1][layer]
                let delay = k.pattern.delayS[segment - 1]
                let f = mbf * myocardialDensityGPerMl / 60
                let tissue = k.curveValues(.myocardium(segment: segment, layer: layer))
                let blood = k.curveValues(.lvBlood)
                let shift = Int((delay / k.dtS).rounded())
                // C(t)/(F·∫Cb) at 0.2 and 0.4 s after the bolus reaches the tissue, extrapolated to 0.
                func ratio(_ after: Double) -> Double {
                    let i = Int(((k.lvAIF.arrivalS + delay + after) / k.dtS).rounded())
                    var integral = -0.5 * blood[i - shift] * k.dtS  // trapezoid end
                    for j in 0...(i - shift) { integral += blood[j] * k.dtS }
                    return tissue[i] / (f * integral)
                }
                XCTAssertEqual(2 * ratio(0.2) - ratio(0.4), 1, accuracy: 0.03, "\(model) segment \(segment)")
            }
        }
    }

    /// The two-compartment exchange option: C = Fb·(R ⊗ Cb) with Sourbron's R (R(0) = 1), checked
    /// against an independent midpoint-rule integral; Fp = Fb(1 − Hct), PS and volumes from the pattern.
    func testTwoCompartmentCurveMatchesIndependentIntegral() {
        let (k, spec) = kinetics(.twoCompartment)
        let p = k.pattern
        for segment in [1, 10] {
            let i = segment - 1
            let fb = p.mbf[i][0] * myocardialDensityGPerMl / 60, fp = fb * (1 - spec.haematocrit)
            let ps = p.psMlPerMinPerG[i] * myocardialDensityGPerMl / 60
            let vp = p.vp[i], ve = p.ve[i], delay = p.delayS[i]
            let tt = (vp + ve) / fp, tc = vp / fp, te = ve / ps
            let root = ((tt + te) * (tt + te) - 4 * tc * te).squareRoot()
            let sp = (tt + te + root) / (2 * tc * te), sm = (tt + te - root) / (2 * tc * te)
            func r(_ s: Double) -> Double { ((tt * sp - 1) * sm * exp(-sm * s) + (1 - tt * sm) * sp * exp(-sp * s)) / (sp - sm) }
            XCTAssertEqual(r(0), 1, accuracy: 1e-12)
            let curve = k.curveValues(.myocardium(segment: segment, layer: 0))
            for t in [k.lvAIF.arrivalS + 3, k.lvAIF.arrivalS + 10, 60] {
                let h = 0.002
                var ref = 0.0, s = delay + h / 2
                while s < t { ref += fb * r(s - delay) * k.lvAIF.concentration(at: t - s) * h; s += h }
                XCTAssertEqual(k.interpolate(curve, at: [t])[0], ref, accuracy: 0.005 * ref, "segment \(segment) t \(t)")
            }
        }
    }

    /// RV before LV, LV peak in the expected range for the dose; late RV and LV levels equal.
    func testBloodCurves() {
        let (k, spec) = kinetics(.fermi)
        XCTAssertLessThan(k.rvAIF.arrivalS, k.lvAIF.arrivalS - 1.5)
        XCTAssertGreaterThan(k.rvAIF.peakMmolPerL, k.lvAIF.peakMmolPerL)
        XCTAssertEqual(k.lvAIF.peakMmolPerL, 3.9 * spec.doseMmolPerKg / 0.05, accuracy: 0.7)
        let late = Int(70 / k.dtS)
        XCTAssertEqual(k.curveValues(.rvBlood)[late], k.curveValues(.lvBlood)[late], accuracy: 0.1 * k.curveValues(.lvBlood)[late])
    }
}
