import MotionCorrection
import MyoFlowCore
import XCTest

final class FieldInversionTests: XCTestCase {
    func testFieldInversionComposesToIdentity() throws {
        var u = DisplacementField(rows: 32, columns: 32)
        for r in 0..<32 {
            for c in 0..<32 {
                let g = 2 * exp(-(pow(Double(r) - 16, 2) + pow(Double(c) - 15, 2)) / 50)
                u.rowDisplacement[r * 32 + c] = Float(g); u.columnDisplacement[r * 32 + c] = Float(-0.5 * g)
            }
        }
        let w = FieldInversion.inverse(of: u)
        let interior = Mask(rows: 32, columns: 32, values: (0..<1024).map { (4..<28).contains($0 / 32) && (4..<28).contains($0 % 32) })
        XCTAssertLessThan(u.followed(by: w).rmsMagnitude(in: interior), 0.01)
        XCTAssertLessThan(w.followed(by: u).rmsMagnitude(in: interior), 0.01)
        XCTAssertGreaterThan(u.rmsMagnitude(in: interior), 0.5)
    }
}
