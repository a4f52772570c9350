import DICOM
import MyoFlowCore

/// Turns a flat list of frames into time-ordered slice groups: one study, duplicates removed,
/// series split by slice position, consistent matrix, a common time base.
public enum SeriesGrouping {
    /// Distance (mm) along the slice normal beyond which two frames are different slices.
    public static let positionToleranceMm = 0.5

    public struct Result: Sendable {
        public var groups: [SeriesGroup]
        public var studyInstanceUID: String
        public var warnings: [IngestWarning]
        /// Decisions for the provenance (key, value).
        public var decisions: [(key: String, value: String)]
    }

    public static func group(_ allFrames: [DICOMFrame]) -> Result {
        var warnings: [IngestWarning] = []
        var decisions: [(String, String)] = []

        // One study: the one with most frames.
        var byStudy: [String: [DICOMFrame]] = [:]
        for f in allFrames { byStudy[f.studyInstanceUID, default: []].append(f) }
        let studies = byStudy.sorted { $0.value.count != $1.value.count ? $0.value.count > $1.value.count : $0.key < $1.key }
        guard let chosen = studies.first else { return Result(groups: [], studyInstanceUID: "", warnings: [], decisions: []) }
        if studies.count > 1 {
            let others = studies.dropFirst().map { "\($0.key.isEmpty ? "<no StudyInstanceUID>" : $0.key) (\($0.value.count) frames)" }
            warnings.append(IngestWarning(message: "folder holds \(studies.count) studies; using StudyInstanceUID \(chosen.key) (\(chosen.value.count) frames) and ignoring \(others.joined(separator: ", ")); put each study in its own folder to choose another"))
            decisions.append(("study", "\(chosen.key): the study with most frames of \(studies.count)"))
        }

        // Duplicated instances (same SOPInstanceUID and frame).
        var seen: [String: String] = [:]
        var frames: [DICOMFrame] = []
        for f in chosen.value {
            guard !f.sopInstanceUID.isEmpty else { frames.append(f); continue }
            let key = "\(f.sopInstanceUID)#\(f.frameInFile)"
            if let first = seen[key] {
                if f.frameInFile == 0 {
                    warnings.append(IngestWarning(file: f.sourcePath, message: "duplicate of \(first) (same SOPInstanceUID), skipped"))
                }
                continue
            }
            seen[key] = f.sourcePath
            frames.append(f)
        }

        // Series, then slice positions within a series.
        var bySeries: [String: [DICOMFrame]] = [:]
        for f in frames { bySeries[f.seriesInstanceUID, default: []].append(f) }
        var groups: [SeriesGroup] = []
        for (uid, seriesFrames) in bySeries {
            let clusters = splitByPosition(seriesFrames).flatMap { splitByMatrix($0, warnings: &warnings) }
            if clusters.count > 1 {
                decisions.append(("series-split", "series \(seriesFrames.first?.seriesNumber.map(String.init) ?? uid) holds \(clusters.count) slice positions or matrices; split by ImagePositionPatient and matrix"))
            }
            for (k, cluster) in clusters.enumerated() {
                guard let first = cluster.first else { continue }
                let group = SeriesGroup(
                    studyInstanceUID: chosen.key, seriesInstanceUID: uid, seriesNumber: first.seriesNumber,
                    seriesDescription: first.seriesDescription, positionInSeries: clusters.count > 1 ? k : nil,
                    frames: cluster, timesSeconds: [], timeSource: .acquisitionTime)
                if let ordered = order(group, warnings: &warnings) { groups.append(ordered) }
            }
        }
        applyCommonTimeBase(&groups, decisions: &decisions)
        mergeSeparatePDSeries(&groups, decisions: &decisions)
        groups.sort { a, b in
            if (a.seriesNumber ?? Int.max) != (b.seriesNumber ?? Int.max) { return (a.seriesNumber ?? Int.max) < (b.seriesNumber ?? Int.max) }
            if a.seriesInstanceUID != b.seriesInstanceUID { return a.seriesInstanceUID < b.seriesInstanceUID }
            return (a.positionInSeries ?? 0) < (b.positionInSeries ?? 0)
        }
        return Result(groups: groups, studyInstanceUID: chosen.key, warnings: warnings, decisions: decisions.map { (key: $0.0, value: $0.1) })
    }

    /// Clusters frames by orientation and position along the slice normal.
    static func splitByPosition(_ frames: [DICOMFrame]) -> [[DICOMFrame]] {
        var byOrientation: [[Int]: [DICOMFrame]] = [:]
        for f in frames {
            let key = (f.rowDirection.map { [$0.x, $0.y, $0.z] } ?? []) + (f.columnDirection.map { [$0.x, $0.y, $0.z] } ?? [])
            // Clamped before the Int conversion: header values are finite but may be absurd.
            byOrientation[key.map { Int((min(max($0, -1e6), 1e6) * 50).rounded()) }, default: []].append(f)
        }
        var clusters: [[DICOMFrame]] = []
        for (_, list) in byOrientation.sorted(by: { $0.key.lexicographicallyPrecedes($1.key) }) {
            let normal: SIMD3<Double>? = list.first.flatMap { f in
                guard let r = f.rowDirection, let c = f.columnDirection else { return nil }
                return SliceGeometry(rowDirection: r, columnDirection: c, spacing: PixelSpacing(isotropicMm: 1)).normal
            }
            guard let n = normal else { clusters.append(list); continue }
            let located = list.map { (frame: $0, d: $0.position.map { ($0 * n).sum() } ?? 0) }.sorted { $0.d < $1.d }
            var current: [DICOMFrame] = []
            var last = -Double.infinity
            for item in located {
                if !current.isEmpty, item.d - last > positionToleranceMm {
                    clusters.append(current)
                    current = []
                }
                current.append(item.frame)
                last = item.d
            }
            if !current.isEmpty { clusters.append(current) }
        }
        return clusters
    }

    /// Frames of one slice position with different matrices: each matrix held by at least
    /// `minFramesPerMatrix` frames (or by most frames) is its own acquisition (e.g. an AIF series
    /// exported together with the slices); stray frames of another matrix are skipped with a warning.
    static let minFramesPerMatrix = 4

    static func splitByMatrix(_ frames: [DICOMFrame], warnings: inout [IngestWarning]) -> [[DICOMFrame]] {
        var byMatrix: [[Int]: [DICOMFrame]] = [:]
        for f in frames { byMatrix[[f.rows, f.columns], default: []].append(f) }
        guard byMatrix.count > 1 else { return [frames] }
        let ranked = byMatrix.sorted { $0.value.count != $1.value.count ? $0.value.count > $1.value.count : $0.key.lexicographicallyPrecedes($1.key) }
        let major = ranked[0].key
        var kept: [[DICOMFrame]] = []
        for (matrix, list) in ranked {
            if matrix == major || list.count >= minFramesPerMatrix { kept.append(list); continue }
            for f in list {
                warnings.append(IngestWarning(file: f.sourcePath, message: "matrix \(f.rows)×\(f.columns) differs from the \(major[0])×\(major[1]) of the rest of series \(f.seriesNumber.map(String.init) ?? f.seriesInstanceUID); frame skipped"))
            }
        }
        return kept
    }

    /// Orders a group's frames by the first time source every frame has, with InstanceNumber as
    /// the tie-breaker. Returns nil (and warns) when no source gives strictly increasing times.
    static func order(_ group: SeriesGroup, warnings: inout [IngestWarning]) -> SeriesGroup? {
        let sources: [(TimeSource, (DICOMFrame) -> DICOMTimestamp?)] = [
            (.acquisitionDateTime, { $0.acquisitionDateTime }), (.acquisitionTime, { $0.acquisitionTime }), (.contentTime, { $0.contentTime }),
        ]
        let tieBreak: (DICOMFrame, DICOMFrame) -> Bool = { a, b in
            (a.instanceNumber ?? 0, a.frameInFile) < (b.instanceNumber ?? 0, b.frameInFile)
        }
        for (source, stamp) in sources {
            let stamps = group.frames.map(stamp)
            guard stamps.allSatisfy({ $0 != nil }) else { continue }
            let dated = stamps.allSatisfy { $0?.dayNumber != nil }
            // Provisional order: day (when all have one), seconds of day, instance number. The
            // midnight wrap of undated times is resolved on the whole study afterwards.
            var items = zip(group.frames, stamps.map { $0! }).map { (frame: $0, stamp: $1) }
            items.sort { a, b in
                let ta = dated ? a.stamp.absoluteSeconds : a.stamp.secondsOfDay
                let tb = dated ? b.stamp.absoluteSeconds : b.stamp.secondsOfDay
                return ta != tb ? ta < tb : tieBreak(a.frame, b.frame)
            }
            // Re-exported copies (new SOPInstanceUID, same time and pixels) are duplicates too.
            var deduplicated: [(frame: DICOMFrame, stamp: DICOMTimestamp)] = []
            for item in items {
                if let last = deduplicated.last, last.stamp == item.stamp, last.frame.pixels == item.frame.pixels {
                    warnings.append(IngestWarning(file: item.frame.sourcePath, message: "same \(source.rawValue) and pixels as \(last.frame.sourcePath) (a re-exported copy), skipped"))
                    continue
                }
                deduplicated.append(item)
            }
            items = deduplicated
            var g = group
            g.frames = items.map(\.frame)
            g.timesSeconds = items.map { dated ? $0.stamp.absoluteSeconds : $0.stamp.secondsOfDay }
            g.timeSource = source
            if !dated { g.timesSeconds = g.timesSeconds.map { -($0 + 1) } }  // marks "undated" until the common time base is set
            let strictly = zip(items, items.dropFirst()).allSatisfy { a, b in
                (dated ? a.stamp.absoluteSeconds < b.stamp.absoluteSeconds : a.stamp.secondsOfDay < b.stamp.secondsOfDay)
            }
            if strictly || !dated && wrapsMidnight(items.map { $0.stamp.secondsOfDay }) { return g }
            warnings.append(IngestWarning(message: "\(group.label): \(source.rawValue) repeats between frames; trying the next time source"))
        }
        // Cumulative trigger times (some GE exports), ordered by instance number.
        let byInstance = group.frames.sorted(by: tieBreak)
        let trigger = byInstance.map(\.triggerTimeMs)
        if trigger.allSatisfy({ $0 != nil }), byInstance.count > 1,
           zip(trigger, trigger.dropFirst()).allSatisfy({ $0! < $1! }), let last = trigger.last!, let first = trigger.first!, last - first > 1000 {
            var g = group
            g.frames = byInstance
            g.timesSeconds = trigger.map { $0! / 1000 }
            g.timeSource = .triggerTime
            warnings.append(IngestWarning(message: "\(group.label): no acquisition or content times; using cumulative TriggerTime as frame times (not aligned with other series)"))
            return g
        }
        warnings.append(IngestWarning(message: "\(group.label): skipped: no AcquisitionDateTime, AcquisitionTime or ContentTime gives distinct frame times, so true frame times are unknown (\(group.frames.count) frames)"))
        return nil
    }

    /// Largest series treated as a separately exported PD series.
    public static let maxSeparatePDFrames = 3

    /// Some exports put the PD images in their own series: a short series at the same slice
    /// position, with the same matrix, acquired just before a perfusion series becomes that
    /// series' leading frames.
    static func mergeSeparatePDSeries(_ groups: inout [SeriesGroup], decisions: inout [(String, String)]) {
        func sameSlice(_ a: SeriesGroup, _ b: SeriesGroup) -> Bool {
            guard a.rows == b.rows, a.columns == b.columns, let na = a.normal, let nb = b.normal, (na * nb).sum() > 0.999,
                  let pa = a.frames.first?.position, let pb = b.frames.first?.position else { return false }
            return abs(((pa - pb) * na).sum()) <= positionToleranceMm && ((pa - pb) * (pa - pb)).sum() < 25
        }
        var removed = Set<Int>()
        for s in groups.indices where groups[s].frames.count <= maxSeparatePDFrames && groups[s].timeSource != .triggerTime {
            let small = groups[s]
            guard let lastPD = small.timesSeconds.last else { continue }
            let targets = groups.indices.filter { l in
                l != s && !removed.contains(l) && groups[l].frames.count >= 4 * small.frames.count && groups[l].timeSource != .triggerTime
                    && groups[l].mergedPDFrames == 0 && sameSlice(small, groups[l])
                    && (groups[l].timesSeconds.first ?? -.infinity) > lastPD && (groups[l].timesSeconds.first ?? .infinity) - lastPD < 60
            }
            guard targets.count == 1, let l = targets.first else { continue }
            groups[l].frames = small.frames + groups[l].frames
            groups[l].timesSeconds = small.timesSeconds + groups[l].timesSeconds
            groups[l].mergedPDFrames = small.frames.count
            removed.insert(s)
            decisions.append(("pd-series", "\(small.label) (\(small.frames.count) frame(s), same slice, acquired just before) merged as the leading PD frames of \(groups[l].label)"))
        }
        groups = groups.indices.filter { !removed.contains($0) }.map { groups[$0] }
    }

    private static func wrapsMidnight(_ secondsOfDay: [Double]) -> Bool {
        guard let lo = secondsOfDay.min(), let hi = secondsOfDay.max() else { return false }
        return hi - lo > 43_200
    }

    /// Puts undated time-of-day groups on one time base: when the study's times of day span more
    /// than 12 h the acquisition crossed midnight, so early-morning times get one day added.
    static func applyCommonTimeBase(_ groups: inout [SeriesGroup], decisions: inout [(String, String)]) {
        // Mixed dated and undated groups: fall back to time of day for all of them.
        let timeOfDaySources: Set<TimeSource> = [.acquisitionDateTime, .acquisitionTime, .contentTime]
        if groups.contains(where: { $0.timesSeconds.contains { $0 < 0 } }) {
            for i in groups.indices where timeOfDaySources.contains(groups[i].timeSource) && !groups[i].timesSeconds.contains(where: { $0 < 0 }) {
                groups[i].timesSeconds = groups[i].timesSeconds.map { -($0.truncatingRemainder(dividingBy: 86_400) + 1) }
            }
        }
        let undatedTimes = groups.flatMap { g in g.timesSeconds.filter { $0 < 0 }.map { -$0 - 1 } }
        let wrap = wrapsMidnight(undatedTimes)
        if wrap { decisions.append(("time-base", "acquisition crosses midnight; times after 00:00 shifted by 24 h")) }
        for i in groups.indices where groups[i].timesSeconds.contains(where: { $0 < 0 }) {
            var g = groups[i]
            let tod = g.timesSeconds.map { -$0 - 1 }
            let shifted = tod.map { wrap && $0 < 43_200 ? $0 + 86_400 : $0 }
            let order = shifted.indices.sorted { shifted[$0] != shifted[$1] ? shifted[$0] < shifted[$1] : $0 < $1 }
            g.frames = order.map { g.frames[$0] }
            g.timesSeconds = order.map { shifted[$0] }
            groups[i] = g
        }
    }
}
