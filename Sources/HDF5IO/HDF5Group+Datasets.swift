import CHDF5

extension HDF5Group {
    /// Writes an N-d dataset (C order). `compress` enables chunked gzip level 4.
    public func write<E: HDF5Element>(_ name: String, values: [E], shape: [Int], compress: Bool = false) throws {
        guard shape.reduce(1, *) == values.count, shape.allSatisfy({ $0 >= 0 }) else {
            throw HDF5Error.wrongShape(path: filePath, name: child(name), expected: "\(values.count) values", got: shape)
        }
        let dims = shape.map { hsize_t($0) }
        let space = H5Screate_simple(Int32(dims.count), dims, nil)
        guard space >= 0 else { throw HDF5Error.operationFailed(path: location, what: "dataspace for '\(name)'") }
        defer { H5Sclose(space) }
        let plist = H5Pcreate(myoflow_H5P_DATASET_CREATE())
        defer { H5Pclose(plist) }
        if compress, !shape.isEmpty, values.count > 0 {
            // Chunk along the first axis, one slab at a time.
            var chunk = dims
            chunk[0] = 1
            H5Pset_chunk(plist, Int32(chunk.count), chunk)
            H5Pset_deflate(plist, 4)
        }
        let dset = H5Dcreate2(id, name, E.hdf5Type, space, myoflow_H5P_DEFAULT(), plist, myoflow_H5P_DEFAULT())
        guard dset >= 0 else { throw HDF5Error.operationFailed(path: location, what: "creating dataset '\(name)'") }
        defer { H5Dclose(dset) }
        let status = values.withUnsafeBufferPointer {
            H5Dwrite(dset, E.hdf5Type, myoflow_H5S_ALL(), myoflow_H5S_ALL(), myoflow_H5P_DEFAULT(), $0.baseAddress)
        }
        guard status >= 0 else { throw HDF5Error.operationFailed(path: location, what: "writing dataset '\(name)'") }
    }

    /// Shape of a dataset.
    public func shape(of name: String) throws -> [Int] {
        let dset = try openDataset(name)
        defer { H5Dclose(dset) }
        return datasetShape(dset)
    }

    /// Reads a whole N-d dataset, converting between element types of the same class
    /// (float ↔ float, integer ↔ integer); a float dataset read as integers is an error.
    public func read<E: HDF5Element>(_ name: String, as type: E.Type = E.self) throws -> HDF5Array<E> {
        let dset = try openDataset(name)
        defer { H5Dclose(dset) }
        let fileType = H5Dget_type(dset)
        defer { H5Tclose(fileType) }
        guard H5Tget_class(fileType) == H5Tget_class(E.hdf5Type) else {
            throw HDF5Error.wrongType(path: filePath, name: child(name), expected: "a \(E.typeName)-compatible dataset")
        }
        let shape = datasetShape(dset)
        var values = [E](repeating: E(), count: shape.reduce(1, *))
        let status = values.withUnsafeMutableBufferPointer {
            H5Dread(dset, E.hdf5Type, myoflow_H5S_ALL(), myoflow_H5S_ALL(), myoflow_H5P_DEFAULT(), $0.baseAddress)
        }
        guard status >= 0 else { throw HDF5Error.operationFailed(path: location, what: "reading dataset '\(name)'") }
        return HDF5Array(shape: shape, values: values)
    }

    /// Reads a dataset and checks its shape.
    public func read<E: HDF5Element>(_ name: String, as type: E.Type = E.self, shape expected: [Int]) throws -> [E] {
        let array: HDF5Array<E> = try read(name)
        guard array.shape == expected else {
            throw HDF5Error.wrongShape(path: filePath, name: child(name), expected: expected.map(String.init).joined(separator: "×"), got: array.shape)
        }
        return array.values
    }

    /// Writes a string as a scalar fixed-length UTF-8 dataset.
    public func writeString(_ name: String, _ value: String) throws {
        let type = try stringType(length: value.utf8.count)
        defer { H5Tclose(type) }
        let space = H5Screate(H5S_SCALAR)
        defer { H5Sclose(space) }
        let dset = H5Dcreate2(id, name, type, space, myoflow_H5P_DEFAULT(), myoflow_H5P_DEFAULT(), myoflow_H5P_DEFAULT())
        guard dset >= 0 else { throw HDF5Error.operationFailed(path: location, what: "creating string '\(name)'") }
        defer { H5Dclose(dset) }
        var bytes = Array(value.utf8) + [0]
        guard H5Dwrite(dset, type, myoflow_H5S_ALL(), myoflow_H5S_ALL(), myoflow_H5P_DEFAULT(), &bytes) >= 0 else {
            throw HDF5Error.operationFailed(path: location, what: "writing string '\(name)'")
        }
    }

    /// Reads a scalar string dataset (fixed or variable length).
    public func readString(_ name: String) throws -> String {
        let dset = try openDataset(name)
        defer { H5Dclose(dset) }
        let fileType = H5Dget_type(dset)
        defer { H5Tclose(fileType) }
        guard H5Tget_class(fileType) == H5T_STRING else {
            throw HDF5Error.wrongType(path: filePath, name: child(name), expected: "a string")
        }
        return try readStringValue(fileType: fileType, what: child(name)) { memType, buffer in
            H5Dread(dset, memType, myoflow_H5S_ALL(), myoflow_H5S_ALL(), myoflow_H5P_DEFAULT(), buffer)
        }
    }

    // MARK: helpers shared with attributes

    func openDataset(_ name: String) throws -> hid_t {
        guard contains(name) else { throw HDF5Error.missingObject(path: filePath, name: child(name)) }
        let dset = H5Dopen2(id, name, myoflow_H5P_DEFAULT())
        guard dset >= 0 else { throw HDF5Error.wrongType(path: filePath, name: child(name), expected: "a dataset") }
        return dset
    }

    func datasetShape(_ dset: hid_t) -> [Int] {
        let space = H5Dget_space(dset)
        defer { H5Sclose(space) }
        return spaceShape(space)
    }

    func spaceShape(_ space: hid_t) -> [Int] {
        let rank = Int(H5Sget_simple_extent_ndims(space))
        guard rank > 0 else { return [] }
        var dims = [hsize_t](repeating: 0, count: rank)
        H5Sget_simple_extent_dims(space, &dims, nil)
        return dims.map { Int($0) }
    }

    func stringType(length: Int) throws -> hid_t {
        let type = H5Tcopy(myoflow_H5T_C_S1())
        H5Tset_size(type, max(1, length + 1))
        H5Tset_strpad(type, H5T_STR_NULLTERM)
        H5Tset_cset(type, H5T_CSET_UTF8)
        return type
    }

    /// Reads a scalar string of either storage kind through `read(memType, buffer)`.
    func readStringValue(fileType: hid_t, what: String, read: (hid_t, UnsafeMutableRawPointer) -> herr_t) throws -> String {
        if H5Tis_variable_str(fileType) > 0 {
            let memType = H5Tcopy(myoflow_H5T_C_S1())
            defer { H5Tclose(memType) }
            H5Tset_size(memType, myoflow_H5T_VARIABLE())
            H5Tset_cset(memType, H5Tget_cset(fileType))
            var pointer: UnsafeMutablePointer<CChar>? = nil
            guard withUnsafeMutablePointer(to: &pointer, { read(memType, UnsafeMutableRawPointer($0)) }) >= 0 else {
                throw HDF5Error.operationFailed(path: filePath, what: "reading string \(what)")
            }
            guard let p = pointer else { return "" }
            defer { H5free_memory(p) }
            return String(cString: p)
        }
        let size = H5Tget_size(fileType)
        let memType = H5Tcopy(fileType)
        defer { H5Tclose(memType) }
        var bytes = [UInt8](repeating: 0, count: size + 1)
        guard bytes.withUnsafeMutableBytes({ read(memType, $0.baseAddress!) }) >= 0 else {
            throw HDF5Error.operationFailed(path: filePath, what: "reading string \(what)")
        }
        let end = bytes.firstIndex(of: 0) ?? size
        return String(decoding: bytes[..<end], as: UTF8.self)
    }
}
