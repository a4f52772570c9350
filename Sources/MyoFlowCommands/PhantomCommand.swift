import ArgumentParser
import Foundation
import Phantom
import Pipeline

struct PhantomCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "phantom",
        abstract: "Synthesise a dual-sequence perfusion study with known MBF, or a randomised training set.",
        discussion: """
        Study mode writes OUT/study.h5 (native format; with --format dicom OUT/dicom/series_NN/*.dcm), \
        OUT/ground_truth.h5 and, with --preview, OUT/preview.png. Cases: \(PhantomCase.allCases.map(\.rawValue).joined(separator: ", ")). \
        Training-set mode (--training-set N) streams N fixed/moving pairs to the .h5 file OUT. \
        Layouts: docs/formats.md.
        """
    )

    @Option(name: .shortAndLong, help: "Output folder (study) or .h5 file (training set).")
    var out: String

    @Option(help: "Named case (\(PhantomCase.allCases.map(\.rawValue).joined(separator: ", "))).")
    var `case`: String = "stress-lad"

    @Option(help: "Random seed; the same seed gives the same study or training set.")
    var seed: UInt64 = 1

    @Option(help: "Study output format: h5 or dicom.")
    var format: String = "h5"

    @Flag(help: "Also write a PNG montage of the study (OUT/preview.png).")
    var preview = false

    @Option(name: .customLong("fov-rotation"), parsing: .unconditional,
            help: "Study mode: in-plane FOV rotation in degrees (positive turns the anatomy counter-clockwise on screen; the DICOM orientation turns with it), or 'random' (uniform over the circle, from the seed).")
    var fovRotation: String = "0"

    @Option(name: .customLong("training-set"), help: "Write a training set of this many fixed/moving pairs instead of a study.")
    var trainingSet: Int?

    @Option(help: "Training-set image size (square, a multiple of 16).")
    var size: Int = 128

    @OptionGroup var global: GlobalOptions

    func validate() throws {
        if let n = trainingSet, n <= 0 { throw ValidationError("--training-set needs a positive count, got \(n)") }
        if StudyExport.Format(rawValue: format) == nil { throw ValidationError("--format must be h5 or dicom, got '\(format)'") }
        if fovRotation != "random", Double(fovRotation)?.isFinite != true {
            throw ValidationError("--fov-rotation must be a number of degrees or 'random', got '\(fovRotation)'")
        }
        if trainingSet != nil, fovRotation != "0" {
            throw ValidationError("--fov-rotation applies to studies; training sets draw their own rotations (docs/formats.md)")
        }
        if trainingSet == nil, (try? PhantomCase.named(`case`)) == nil {
            throw ValidationError("unknown --case '\(`case`)'; known: \(PhantomCase.allCases.map(\.rawValue).joined(separator: ", "))")
        }
    }

    func run() throws {
        let log = global.logger("phantom")
        let progress = TerminalProgress()
        let start = Date()
        if let n = trainingSet {
            try TrainingSet.write(count: n, to: out, seed: seed, size: size, progress: progress)
            progress.finish(stage: "training set", seconds: Date().timeIntervalSince(start))
            log.info("wrote \(n) training pairs (\(size)×\(size)) to \(out)")
            return
        }
        var spec = try PhantomCase.named(`case`).spec(seed: seed)
        spec.fovRotationDeg = fovRotation == "random" ? PhantomSpec.randomFOVRotationDeg(seed: seed) : Double(fovRotation)!
        let study = try StudySynthesizer.synthesize(spec)
        let written = try StudyExport.write(study, to: out, format: StudyExport.Format(rawValue: format)!, preview: preview)
        progress.finish(stage: "phantom", seconds: Date().timeIntervalSince(start))
        log.info("case \(spec.name), seed \(seed), FOV rotation \(String(format: "%.1f", spec.fovRotationDeg))°: wrote \(written.joined(separator: ", "))")
    }
}
