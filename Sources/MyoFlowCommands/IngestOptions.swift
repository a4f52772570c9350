import ArgumentParser
import Ingest

/// Overrides of ingest's automatic decisions and of acquisition parameters; shared by every
/// command that reads a study (`inspect`, `analyze`, `segment`, `moco`, ...).
public struct IngestOptions: ParsableArguments {
    @Option(name: .customLong("aif-series"), help: ArgumentHelp("The AIF series: its index in `myoflow inspect`, its SeriesInstanceUID, or 'none'.", valueName: "index|uid|none"))
    public var aifSeries: String?

    @Option(name: .customLong("pd-frames"), help: ArgumentHelp("Leading proton-density frames of every series, e.g. 0,1 or 0-2, or 'none'.", valueName: "frames"))
    public var pdFrames: String?

    @Option(name: .customLong("slices"), help: ArgumentHelp("The high-res slice series, base to apex: indices or UIDs, comma-separated.", valueName: "list"))
    public var slices: String?

    @Flag(name: .customLong("keep-identifiers"), help: "Keep patient name, ID and study date in the outputs (never in logs).")
    public var keepIdentifiers = false

    @Option(name: .customLong("saturation-time-ms"), help: "Saturation time of the high-res slices (ms), when the headers lack it.")
    public var saturationTimeMs: Double?

    @Option(name: .customLong("aif-saturation-time-ms"), help: "Saturation time of the AIF series (ms).")
    public var aifSaturationTimeMs: Double?

    @Option(name: .customLong("flip-angle"), help: "Flip angle of the dynamic frames (degrees).")
    public var flipAngleDeg: Double?

    @Option(name: .customLong("pd-flip-angle"), help: "Flip angle of the PD frames (degrees); every series unless --aif-pd-flip-angle is given.")
    public var pdFlipAngleDeg: Double?

    @Option(name: .customLong("aif-pd-flip-angle"), help: "Flip angle of the AIF series' PD frames (degrees).")
    public var aifPDFlipAngleDeg: Double?

    @Option(name: .customLong("repetition-time-ms"), help: "Repetition time (ms).")
    public var repetitionTimeMs: Double?

    @Option(name: .customLong("echo-time-ms"), help: "Echo time (ms).")
    public var echoTimeMs: Double?

    @Option(name: .customLong("field-strength"), help: "Main field strength (T).")
    public var fieldStrengthT: Double?

    @Option(name: .customLong("pixel-spacing-mm"), help: "Pixel spacing (mm) for series without PixelSpacing.")
    public var pixelSpacingMm: Double?

    @Option(name: .customLong("frame-interval"), help: "Frame interval (s) for NIfTI input without a time step.")
    public var frameIntervalSeconds: Double?

    public init() {}

    public func validate() throws {
        for (name, value) in [("--saturation-time-ms", saturationTimeMs), ("--aif-saturation-time-ms", aifSaturationTimeMs),
                              ("--flip-angle", flipAngleDeg), ("--pd-flip-angle", pdFlipAngleDeg), ("--aif-pd-flip-angle", aifPDFlipAngleDeg),
                              ("--repetition-time-ms", repetitionTimeMs), ("--echo-time-ms", echoTimeMs),
                              ("--field-strength", fieldStrengthT), ("--pixel-spacing-mm", pixelSpacingMm),
                              ("--frame-interval", frameIntervalSeconds)] {
            if let value, !(value.isFinite && value > 0) { throw ValidationError("\(name) must be a positive number, got \(value)") }
        }
        if let pdFrames { _ = try parsedPDFrames(pdFrames) }
    }

    /// The overrides for the ingest stage.
    public func overrides() throws -> IngestOverrides {
        var o = IngestOverrides(keepIdentifiers: keepIdentifiers, saturationTimeMs: saturationTimeMs, aifSaturationTimeMs: aifSaturationTimeMs,
                                flipAngleDeg: flipAngleDeg, pdFlipAngleDeg: pdFlipAngleDeg, repetitionTimeMs: repetitionTimeMs,
                                echoTimeMs: echoTimeMs, fieldStrengthT: fieldStrengthT, pixelSpacingMm: pixelSpacingMm,
                                frameIntervalSeconds: frameIntervalSeconds, aifPDFlipAngleDeg: aifPDFlipAngleDeg)
        if let aifSeries {
            o.aifSeries = aifSeries.lowercased() == "none" ? .some(nil) : .some(SeriesSelector(parsing: aifSeries))
        }
        if let pdFrames { o.pdFrames = try parsedPDFrames(pdFrames) }
        if let slices {
            let list = slices.split(separator: ",").map { SeriesSelector(parsing: String($0)) }
            guard !list.isEmpty else { throw ValidationError("--slices needs at least one series") }
            o.slices = list
        }
        return o
    }

    private func parsedPDFrames(_ text: String) throws -> [Int] {
        do { return try IngestOverrides.parseFrameList(text) } catch { throw ValidationError("\(error)") }
    }
}
