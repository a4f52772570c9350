import ArgumentParser
import Foundation
import Kinetics

struct FitCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "fit",
        abstract: "Fermi-constrained deconvolution of tissue curves against an AIF (curves only, no images).",
        discussion: """
        Inputs are concentrations, not signals. aif.csv has the header time_s,gd: time in seconds \
        (any origin, strictly increasing) and baseline-subtracted whole-blood Gd in mmol/L. \
        tissue.csv has the header time_s,NAME,...: one column of tissue Gd (mmol/L) per curve; \
        its times may differ from the AIF's. Curves are resampled to a uniform grid and fitted over \
        the AIF's first pass (foot − 2 s to the valley before recirculation).

        results.csv has one row per curve: name, mbf_ml_min_g (= R(delay)·60/1.05, blood flow \
        because both curves are whole-blood referenced), f_per_s (Fermi amplitude F), tau0_s, \
        k_per_s, delay_s, r2, converged (true/false) and reason (empty for a good fit, otherwise \
        why the curve was flagged: flat, NaN, negative, too short, no first pass, not converged). \
        See docs/formats.md, "Curve fitting CSV".
        """
    )

    @Option(help: "AIF CSV: columns time_s,gd (blood Gd, mmol/L).")
    var aif: String

    @Option(help: "Tissue CSV: time_s, then one column per curve (tissue Gd, mmol/L).")
    var tissue: String

    @Option(name: .shortAndLong, help: "Results CSV (written atomically).")
    var out: String

    @Option(help: "Uniform grid spacing for the fit, seconds.")
    var gridStep: Double = 0.5

    @OptionGroup var global: GlobalOptions

    func validate() throws {
        guard gridStep.isFinite, gridStep > 0, gridStep <= 2 else { throw ValidationError("--grid-step must be in (0, 2] seconds") }
    }

    func run() throws {
        let log = global.logger("fit")
        var options = FermiFitOptions()
        options.gridStepS = gridStep
        let rows = try CurveFitRequest.run(aifPath: aif, tissuePath: tissue, outputPath: out, options: options)
        let flagged = rows.filter { !$0.result.converged }
        log.info("fitted \(rows.count) curve(s), \(flagged.count) flagged; results in \(out)")
        for row in flagged { log.warning("curve '\(row.name)': \(row.result.failure?.description ?? "not converged")") }
    }
}
