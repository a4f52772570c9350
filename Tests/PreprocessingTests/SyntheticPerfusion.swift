import Foundation
import MyoFlowCore

/// A minimal synthetic perfusion series for preprocessing tests: an LV disc whose blood arrives
/// `transitS` after the RV crescent beside it, a myocardial ring, background, two PD frames,
/// jittered RR and Gaussian noise. Not the phantom: just enough anatomy to test localisation.
struct SyntheticPerfusion {
    var rows = 96, columns = 112
    var lvCentre = (row: 50.0, column: 60.0)
    var lvRadiusMm = 22.0
    var wallMm = 9.0
    /// Direction of the RV from the LV centre, radians (image angle atan2(Δrow, Δcolumn)).
    var rvAngle = Double.pi
    var spacingMm = 1.8
    var frames = 40
    var transitS = 4.0
    var noise = 0.02
    var seed: UInt64 = 7

    /// First-pass bolus shape with a peak of 1 at `arrival + 3 s`.
    func bolus(_ t: Double, arrival: Double) -> Double {
        let x = (t - arrival) / 3
        return x > 0 ? pow(x, 3) * exp(3 * (1 - x)) : 0
    }

    func make() throws -> (series: ImageSeries, peakFrame: Int, lv: Mask) {
        var state = seed
        func gaussian() -> Double {
            state = state &* 6364136223846793005 &+ 1442695040888963407
            let u1 = Double((state >> 11) | 1) / Double(1 << 53)
            state = state &* 6364136223846793005 &+ 1442695040888963407
            let u2 = Double(state >> 11) / Double(1 << 53)
            return (-2 * log(u1)).squareRoot() * cos(2 * .pi * u2)
        }
        var times = [0.0, 0.15]
        for k in 0..<frames - 2 { times.append(1.0 + Double(k) * 0.85 + 0.05 * sin(Double(k))) }
        let rvArrival = times[6], lvArrival = rvArrival + transitS
        var pixels = [Float](repeating: 0, count: frames * rows * columns)
        var lvValues = [Bool](repeating: false, count: rows * columns)
        for r in 0..<rows {
            for c in 0..<columns {
                let dy = (Double(r) - lvCentre.row) * spacingMm, dx = (Double(c) - lvCentre.column) * spacingMm
                let d = (dx * dx + dy * dy).squareRoot()
                // RV: a disc of radius 18 mm centred 45 mm from the LV centre in the RV direction.
                let ry = dy - 45 * sin(rvAngle), rx = dx - 45 * cos(rvAngle)
                let inRV = (rx * rx + ry * ry).squareRoot() < 18 && d > lvRadiusMm + wallMm
                let inLV = d < lvRadiusMm
                let inMyo = !inLV && d < lvRadiusMm + wallMm
                lvValues[r * columns + c] = inLV
                for f in 0..<frames {
                    let t = times[f]
                    var s: Double
                    if f < 2 {
                        s = 3.0  // PD frames: bright, no contrast
                    } else if inLV {
                        s = 0.2 + 1.0 * bolus(t, arrival: lvArrival)
                    } else if inRV {
                        s = 0.2 + 1.0 * bolus(t, arrival: rvArrival)
                    } else if inMyo {
                        s = 0.15 + 0.25 * min(1, max(0, (t - lvArrival - 1) / 10))
                    } else {
                        s = 0.1 + 0.05 * min(1, max(0, (t - lvArrival) / 20))
                    }
                    pixels[(f * rows + r) * columns + c] = Float(s + noise * gaussian())
                }
            }
        }
        let series = try ImageSeries(frames: frames, rows: rows, columns: columns, pixels: pixels,
                                     geometry: SliceGeometry(spacing: PixelSpacing(isotropicMm: spacingMm)),
                                     timesSeconds: times, pdFrameIndices: [0, 1], seriesInstanceUID: "synthetic")
        let peakFrame = (2..<frames).max { bolus(times[$0], arrival: lvArrival) < bolus(times[$1], arrival: lvArrival) }!
        return (series, peakFrame, Mask(rows: rows, columns: columns, values: lvValues))
    }
}
