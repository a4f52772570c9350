import CHDF5

extension HDF5Group {
    /// Sets (replacing) a string attribute on this group (`object` ".") or on a member.
    public func setAttribute(_ name: String, _ value: String, on object: String = ".") throws {
        let type = try stringType(length: value.utf8.count)
        defer { H5Tclose(type) }
        let space = H5Screate(H5S_SCALAR)
        defer { H5Sclose(space) }
        var bytes = Array(value.utf8) + [0]
        try writeAttribute(name, on: object, type: type, space: space) { H5Awrite($0, type, &bytes) }
    }

    /// Sets a numeric array attribute (a 1-d array; a single value for scalars).
    public func setAttribute<E: HDF5Element>(_ name: String, _ values: [E], on object: String = ".") throws {
        var dims = [hsize_t(values.count)]
        let space = H5Screate_simple(1, &dims, nil)
        defer { H5Sclose(space) }
        try writeAttribute(name, on: object, type: E.hdf5Type, space: space) { attr in
            values.withUnsafeBufferPointer { H5Awrite(attr, E.hdf5Type, $0.baseAddress) }
        }
    }

    public func setAttribute(_ name: String, _ value: Double, on object: String = ".") throws {
        try setAttribute(name, [value], on: object)
    }

    public func setAttribute(_ name: String, _ value: Int, on object: String = ".") throws {
        try setAttribute(name, [Int64(value)], on: object)
    }

    public func hasAttribute(_ name: String, on object: String = ".") -> Bool {
        H5Aexists_by_name(id, object, name, myoflow_H5P_DEFAULT()) > 0
    }

    /// Reads a string attribute (fixed or variable length).
    public func stringAttribute(_ name: String, on object: String = ".") throws -> String {
        let attr = try openAttribute(name, on: object)
        defer { H5Aclose(attr) }
        let fileType = H5Aget_type(attr)
        defer { H5Tclose(fileType) }
        guard H5Tget_class(fileType) == H5T_STRING else {
            throw HDF5Error.wrongType(path: filePath, name: attributePath(name, object), expected: "a string attribute")
        }
        return try readStringValue(fileType: fileType, what: attributePath(name, object)) { H5Aread(attr, $0, $1) }
    }

    /// Reads a numeric attribute as an array (scalar attributes give one value).
    public func numericAttribute<E: HDF5Element>(_ name: String, as type: E.Type = E.self, on object: String = ".") throws -> [E] {
        let attr = try openAttribute(name, on: object)
        defer { H5Aclose(attr) }
        let fileType = H5Aget_type(attr)
        defer { H5Tclose(fileType) }
        guard H5Tget_class(fileType) == H5Tget_class(E.hdf5Type) else {
            throw HDF5Error.wrongType(path: filePath, name: attributePath(name, object), expected: "a \(E.typeName)-compatible attribute")
        }
        let space = H5Aget_space(attr)
        defer { H5Sclose(space) }
        let count = max(1, spaceShape(space).reduce(1, *))
        var values = [E](repeating: E(), count: count)
        guard values.withUnsafeMutableBufferPointer({ H5Aread(attr, E.hdf5Type, $0.baseAddress) }) >= 0 else {
            throw HDF5Error.operationFailed(path: filePath, what: "reading attribute \(attributePath(name, object))")
        }
        return values
    }

    public func doubleAttribute(_ name: String, on object: String = ".") throws -> Double {
        guard let v = try numericAttribute(name, as: Double.self, on: object).first else {
            throw HDF5Error.wrongShape(path: filePath, name: attributePath(name, object), expected: "1 value", got: [0])
        }
        return v
    }

    public func intAttribute(_ name: String, on object: String = ".") throws -> Int {
        guard let v = try numericAttribute(name, as: Int64.self, on: object).first else {
            throw HDF5Error.wrongShape(path: filePath, name: attributePath(name, object), expected: "1 value", got: [0])
        }
        return Int(v)
    }

    // MARK: helpers

    private func attributePath(_ name: String, _ object: String) -> String {
        object == "." ? "\(groupPath)@\(name)" : "\(child(object))@\(name)"
    }

    private func openAttribute(_ name: String, on object: String) throws -> hid_t {
        guard object == "." || contains(object) else { throw HDF5Error.missingObject(path: filePath, name: child(object)) }
        guard hasAttribute(name, on: object) else {
            throw HDF5Error.missingObject(path: filePath, name: attributePath(name, object))
        }
        let attr = H5Aopen_by_name(id, object, name, myoflow_H5P_DEFAULT(), myoflow_H5P_DEFAULT())
        guard attr >= 0 else { throw HDF5Error.operationFailed(path: filePath, what: "opening attribute \(attributePath(name, object))") }
        return attr
    }

    private func writeAttribute(_ name: String, on object: String, type: hid_t, space: hid_t, write: (hid_t) -> herr_t) throws {
        guard object == "." || contains(object) else { throw HDF5Error.missingObject(path: filePath, name: child(object)) }
        if hasAttribute(name, on: object) { H5Adelete_by_name(id, object, name, myoflow_H5P_DEFAULT()) }
        let attr = H5Acreate_by_name(id, object, name, type, space, myoflow_H5P_DEFAULT(), myoflow_H5P_DEFAULT(), myoflow_H5P_DEFAULT())
        guard attr >= 0 else { throw HDF5Error.operationFailed(path: filePath, what: "creating attribute \(attributePath(name, object))") }
        defer { H5Aclose(attr) }
        guard write(attr) >= 0 else { throw HDF5Error.operationFailed(path: filePath, what: "writing attribute \(attributePath(name, object))") }
    }
}
