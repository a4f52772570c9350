import ArgumentParser
import Ingest

struct InspectCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "inspect",
        abstract: "List the series found in a study folder and how each would be used.",
        discussion: """
        Shows every series (one row per slice position), its matrix, spacing, frames, time span, \
        median RR interval, PD frames, saturation time and role (slice, AIF, ignored), the slice \
        order and every warning. The row indices are what --aif-series and --slices take.
        """
    )

    @Argument(help: "Study folder (DICOM), NIfTI file or myoflow .h5 study.")
    var path: String

    @Flag(help: "Print JSON instead of a table.")
    var json = false

    @OptionGroup var ingest: IngestOptions

    @OptionGroup var global: GlobalOptions

    func run() throws {
        let logger = global.logger("inspect")
        let report = try Ingest.inspect(path: path, overrides: try ingest.overrides())
        logger.debug("inspected \(report.filesScanned) files, \(report.series.count) series, \(report.warnings.count) warnings")
        print(json ? try report.json() : report.table())
    }
}
