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
}
