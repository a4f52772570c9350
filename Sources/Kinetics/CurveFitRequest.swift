/// The curve-only workflow behind `myoflow fit`: read the AIF and tissue CSVs, fit every tissue
/// curve (in parallel), write the results CSV. The AIF is taken as whole-blood Gd.
public enum CurveFitRequest {
    /// Returns the per-curve results in column order (also written to `outputPath`).
    @discardableResult
    public static func run(aifPath: String, tissuePath: String, outputPath: String,
                           options: FermiFitOptions = FermiFitOptions()) throws -> [(name: String, result: FermiFitResult)] {
        let aif = try CurveCSV.readAIF(path: aifPath)
        let tissue = try CurveCSV.readTissue(path: tissuePath)
        let results = FermiDeconvolution.fit(curves: tissue.curves, tissueTimesSeconds: tissue.timesSeconds, aif: aif, options: options)
        let rows = Array(zip(tissue.names, results)).map { (name: $0.0, result: $0.1) }
        try CurveCSV.writeResults(rows, path: outputPath)
        return rows
    }
}
