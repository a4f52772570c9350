import ArgumentParser
import MyoFlowCore

/// `--lv-centre ROW,COL`: the LV centre given by the user when the automatic blood-pool search
/// fails or picks the wrong structure (`segment`, `analyze`, `moco`). Native pixels of the high-res
/// slices, 0-based (row down, column right, as `myoflow inspect` and landmarks.json count them); one
/// centre for every high-res slice (a short-axis stack shares its field of view; the LV moves a few
/// mm from base to apex, and the given point only selects the blood pool or centres the MoCo
/// window). The AIF series: `moco`, and `analyze` with deep MoCo, map it through the DICOM
/// geometry (`MotionCorrection.GivenLVCentre`) to centre its window (`analyze`'s iterative MoCo
/// corrects the AIF series on its whole image; its AIF blood-pool search stays automatic);
/// `segment` does not use the AIF series.
public struct LVCentreOption: ParsableArguments {
    @Option(name: .customLong("lv-centre"),
            help: ArgumentHelp("LV centre of the high-res slices when the automatic search fails: native pixels, 0-based.",
                               valueName: "row,col"))
    public var text: String?

    public init() {}

    public func validate() throws { _ = try position() }

    /// The parsed centre; nil when not given.
    public func position() throws -> PixelPosition? {
        guard let text else { return nil }
        let parts = text.split(separator: ",", omittingEmptySubsequences: false).map { Double($0.trimmingCharacters(in: .whitespaces)) }
        guard parts.count == 2, let row = parts[0], let column = parts[1], row.isFinite, column.isFinite, row >= 0, column >= 0 else {
            throw ValidationError("--lv-centre needs ROW,COL (two non-negative numbers, native pixels), got '\(text)'")
        }
        return PixelPosition(row: row, column: column)
    }
}
