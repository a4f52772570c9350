import MyoFlowCore

/// 4-connected components of a mask, largest first.
public enum ConnectedComponents {
    /// Each component as a list of linear pixel indices, sorted by size, largest first.
    public static func of(_ mask: Mask) -> [[Int]] {
        var label = [Int32](repeating: -1, count: mask.values.count)
        var components: [[Int]] = []
        var stack: [Int] = []
        for start in mask.values.indices where mask.values[start] && label[start] < 0 {
            var pixels: [Int] = []
            label[start] = Int32(components.count)
            stack.append(start)
            while let i = stack.popLast() {
                pixels.append(i)
                let r = i / mask.columns, c = i % mask.columns
                for (dr, dc) in [(-1, 0), (1, 0), (0, -1), (0, 1)] {
                    let rr = r + dr, cc = c + dc
                    guard rr >= 0, rr < mask.rows, cc >= 0, cc < mask.columns else { continue }
                    let j = rr * mask.columns + cc
                    if mask.values[j] && label[j] < 0 {
                        label[j] = Int32(components.count)
                        stack.append(j)
                    }
                }
            }
            components.append(pixels)
        }
        return components.sorted { $0.count > $1.count }
    }

    /// Compactness 4πA/P², P the count of exposed pixel edges rescaled by π/4 (pixel edges
    /// overestimate a disc's perimeter by 4/π), so a digital disc scores ≈ 1 and crescents such
    /// as the RV score lower. Capped at 1.
    public static func compactness(_ pixels: [Int], rows: Int, columns: Int) -> Double {
        guard !pixels.isEmpty else { return 0 }
        let set = Set(pixels)
        var edges = 0
        for p in pixels {
            let r = p / columns, c = p % columns
            for (dr, dc) in [(-1, 0), (1, 0), (0, -1), (0, 1)] {
                let rr = r + dr, cc = c + dc
                if rr < 0 || rr >= rows || cc < 0 || cc >= columns || !set.contains(rr * columns + cc) { edges += 1 }
            }
        }
        let perimeter = Double(edges) * .pi / 4
        return min(1, 4 * .pi * Double(pixels.count) / (perimeter * perimeter))
    }
}
