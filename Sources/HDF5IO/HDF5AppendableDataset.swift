import CHDF5

/// A dataset that grows along its first axis, for streaming many records to disk without
/// holding them in memory (e.g. training sets). Each record has `recordShape`.
public final class HDF5AppendableDataset<E: HDF5Element>: @unchecked Sendable {
    private let dataset: hid_t
    private let group: HDF5Group
    public let name: String
    public let recordShape: [Int]
    public private(set) var count: Int = 0

    /// Creates the dataset `name` in `group`, chunked `chunkRecords` records at a time, gzip
    /// level 4 when `compress`.
    public init(in group: HDF5Group, name: String, recordShape: [Int], chunkRecords: Int = 16, compress: Bool = true) throws {
        self.group = group
        self.name = name
        self.recordShape = recordShape
        let dims = [hsize_t(0)] + recordShape.map { hsize_t($0) }
        let maxDims = [hsize_t.max] + recordShape.map { hsize_t($0) }  // hsize_t.max is H5S_UNLIMITED
        let space = H5Screate_simple(Int32(dims.count), dims, maxDims)
        defer { H5Sclose(space) }
        let plist = H5Pcreate(myoflow_H5P_DATASET_CREATE())
        defer { H5Pclose(plist) }
        let chunk = [hsize_t(max(1, chunkRecords))] + recordShape.map { hsize_t(max(1, $0)) }
        H5Pset_chunk(plist, Int32(chunk.count), chunk)
        if compress { H5Pset_deflate(plist, 4) }
        dataset = H5Dcreate2(group.id, name, E.hdf5Type, space, myoflow_H5P_DEFAULT(), plist, myoflow_H5P_DEFAULT())
        guard dataset >= 0 else { throw HDF5Error.operationFailed(path: group.location, what: "creating appendable dataset '\(name)'") }
    }

    deinit { H5Dclose(dataset) }

    /// Appends one or more records (values.count a multiple of the record size).
    public func append(_ values: [E]) throws {
        let recordSize = recordShape.reduce(1, *)
        guard recordSize > 0, values.count % recordSize == 0, !values.isEmpty else {
            throw HDF5Error.wrongShape(path: group.filePath, name: name, expected: "a multiple of \(recordSize) values", got: [values.count])
        }
        let n = values.count / recordSize
        let newDims = [hsize_t(count + n)] + recordShape.map { hsize_t($0) }
        guard H5Dset_extent(dataset, newDims) >= 0 else {
            throw HDF5Error.operationFailed(path: group.filePath, what: "extending '\(name)'")
        }
        let fileSpace = H5Dget_space(dataset)
        defer { H5Sclose(fileSpace) }
        let start = [hsize_t(count)] + recordShape.map { _ in hsize_t(0) }
        let block = [hsize_t(n)] + recordShape.map { hsize_t($0) }
        H5Sselect_hyperslab(fileSpace, H5S_SELECT_SET, start, nil, block, nil)
        let memSpace = H5Screate_simple(Int32(block.count), block, nil)
        defer { H5Sclose(memSpace) }
        let status = values.withUnsafeBufferPointer {
            H5Dwrite(dataset, E.hdf5Type, memSpace, fileSpace, myoflow_H5P_DEFAULT(), $0.baseAddress)
        }
        guard status >= 0 else { throw HDF5Error.operationFailed(path: group.filePath, what: "appending to '\(name)'") }
        count += n
    }
}
