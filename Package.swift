// swift-tools-version:6.0
// MyoFlow: quantitative stress-perfusion cardiac MR, DICOM in, MBF out.
// Data flows one way: Ingest → Preprocessing → MotionCorrection → CoilCorrection → AIF → Kinetics → Reporting.
// A stage may import earlier stages and the shared libraries, never a later stage.
import Foundation
import PackageDescription

// Release builds of the numeric code want the host's vector units: baseline x86-64 turns SIMD
// fused multiply-adds into libm calls (~70× slower). Gated to x86-64 hosts and release builds.
#if arch(x86_64)
let optimisation: [SwiftSetting] = [.unsafeFlags(["-target-cpu", "haswell"], .when(configuration: .release))]
#else
let optimisation: [SwiftSetting] = []
#endif

let argumentParser = Target.Dependency.product(name: "ArgumentParser", package: "swift-argument-parser")
let logging = Target.Dependency.product(name: "Logging", package: "swift-log")

/// One library module per line: name and the modules it depends on (earlier ones only).
let modules: [(name: String, dependencies: [Target.Dependency])] = [
    ("MyoFlowCore", []),
    ("Numerics", ["CBLAS", "CLAPACKE", "CGSL"]),
    ("HDF5IO", ["CHDF5", "MyoFlowCore"]),
    ("Physics", ["MyoFlowCore"]),
    ("Anatomy", ["MyoFlowCore"]),
    ("DICOM", ["MyoFlowCore"]),
    ("NIfTI", ["CZlib", "MyoFlowCore"]),
    ("Phantom", ["MyoFlowCore", "Physics", "Anatomy", "HDF5IO", "DICOM", "CZlib"]),
    ("NeuralEngine", ["MyoFlowCore", "Numerics", "HDF5IO"]),
    ("Ingest", ["DICOM", "NIfTI", "HDF5IO", "MyoFlowCore"]),
    ("Preprocessing", ["MyoFlowCore", "NeuralEngine"]),
    ("MotionCorrection", ["MyoFlowCore", "Numerics", "HDF5IO", "NIfTI", "NeuralEngine", "Preprocessing"]),
    ("CoilCorrection", ["MyoFlowCore", "Physics"]),
    ("AIF", ["MyoFlowCore", "Physics", "CoilCorrection", "Preprocessing"]),
    ("Kinetics", ["MyoFlowCore", "Physics", "Numerics", "AIF"]),
    ("Reporting", ["MyoFlowCore", "Anatomy"]),
    ("Pipeline", ["MyoFlowCore", "HDF5IO", "Physics", "NeuralEngine", "Anatomy", "Phantom", "Ingest", "Preprocessing", "MotionCorrection", "CoilCorrection", "AIF", "Kinetics", "Reporting", logging]),
    ("MyoFlowCommands", ["MyoFlowCore", "Pipeline", "Phantom", "Ingest", "Preprocessing", "MotionCorrection", "Kinetics", argumentParser, logging]),
]

/// Every library module with a `Tests/<Module>Tests` folder gets a test target of that name.
/// (SwiftPM caches the evaluated manifest: after adding such a folder, `touch Package.swift`.)
let testedModules = modules.map(\.name).filter {
    FileManager.default.fileExists(atPath: Context.packageDirectory + "/Tests/\($0)Tests")
}

/// Executables: the CLI, the benchmarks (tools/bench/README.md) and StageTrainingSet (tools/train/README.md).
let executables: [(name: String, dependencies: [Target.Dependency])] = [
    ("myoflow", ["MyoFlowCommands"]),
    ("EngineBenchmark", ["NeuralEngine", "Numerics"]),
    ("PhantomBenchmark", ["Phantom"]),
    ("IngestBenchmark", ["Ingest", "DICOM", "MyoFlowCore"]),
    ("KineticsBenchmark", ["Kinetics", "Numerics", "Physics"]),
    ("MocoBenchmark", ["MotionCorrection", "MyoFlowCore"]),
    ("MocoValidation", ["MotionCorrection", "Phantom", "Preprocessing", "MyoFlowCore"]),
    ("StageTrainingSet", ["MotionCorrection", "Phantom", "HDF5IO", "MyoFlowCore"]),
    ("SegmentationValidation", ["Preprocessing", "Phantom", "Anatomy", "MyoFlowCore", "Pipeline"]),
    ("PreprocessingBenchmark", ["Preprocessing", "Phantom", "MyoFlowCore"]),
    ("PipelineBenchmark", ["Pipeline", "Phantom", "Preprocessing", "MotionCorrection", "MyoFlowCore", "Reporting"]),
    ("AcquisitionSweep", ["Pipeline", "Phantom", "Preprocessing", "MyoFlowCore"]),
]

let systemLibraries: [Target] = [
    .systemLibrary(name: "CBLAS", pkgConfig: "openblas", providers: [.apt(["libopenblas-dev"])]),
    .systemLibrary(name: "CLAPACKE", pkgConfig: "lapacke", providers: [.apt(["liblapacke-dev"])]),
    .systemLibrary(name: "CGSL", pkgConfig: "gsl", providers: [.apt(["libgsl-dev"])]),
    .systemLibrary(name: "CHDF5", pkgConfig: "hdf5", providers: [.apt(["libhdf5-dev"])]),
    .systemLibrary(name: "CZlib", pkgConfig: "zlib", providers: [.apt(["zlib1g-dev"])]),
]

let package = Package(
    name: "MyoFlow",
    platforms: [.macOS(.v13)],
    products: [
        .executable(name: "myoflow", targets: ["myoflow"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
        .package(url: "https://github.com/apple/swift-log", from: "1.6.0"),
    ],
    targets: systemLibraries
        + modules.map { .target(name: $0.name, dependencies: $0.dependencies, swiftSettings: optimisation) }
        + testedModules.map {
            .testTarget(name: "\($0)Tests", dependencies: Array(Set([$0, "MyoFlowCore"])).sorted().map { .target(name: $0) }, swiftSettings: optimisation)
        }
        + executables.map { .executableTarget(name: $0.name, dependencies: $0.dependencies, swiftSettings: optimisation) }
)
