import CHDF5

/// An open HDF5 group (the file's root included). Closes its handle when released.
///
/// Reference type: the handle's identity is the point. Not thread-safe (HDF5 serial build);
/// confine each file to one task.
public class HDF5Group: @unchecked Sendable {
    let id: hid_t
    /// Path of the file, for error messages.
    public let filePath: String
    /// Path of this group inside the file.
    public let groupPath: String
    /// Keeps the file open while any of its groups lives.
    let owner: HDF5Group?

    init(id: hid_t, filePath: String, groupPath: String, owner: HDF5Group?) {
        self.id = id
        self.filePath = filePath
        self.groupPath = groupPath
        self.owner = owner
    }

    deinit {
        if owner != nil { H5Gclose(id) }
    }

    var location: String { "\(filePath):\(groupPath)" }

    func child(_ name: String) -> String { groupPath == "/" ? "/\(name)" : "\(groupPath)/\(name)" }

    /// Whether a direct member (group or dataset) of this name exists.
    public func contains(_ name: String) -> Bool {
        H5Lexists(id, name, myoflow_H5P_DEFAULT()) > 0
    }

    /// Names of the direct members, in creation-independent (alphabetical) order.
    public func memberNames() -> [String] {
        var info = H5G_info_t()
        guard H5Gget_info(id, &info) >= 0 else { return [] }
        var names: [String] = []
        for i in 0..<info.nlinks {
            let size = H5Lget_name_by_idx(id, ".", H5_INDEX_NAME, H5_ITER_INC, i, nil, 0, myoflow_H5P_DEFAULT())
            guard size >= 0 else { continue }
            var buffer = [CChar](repeating: 0, count: Int(size) + 1)
            H5Lget_name_by_idx(id, ".", H5_INDEX_NAME, H5_ITER_INC, i, &buffer, Int(size) + 1, myoflow_H5P_DEFAULT())
            names.append(String(decoding: buffer.prefix(Int(size)).map { UInt8(bitPattern: $0) }, as: UTF8.self))
        }
        return names
    }

    /// Creates a new sub-group.
    @discardableResult
    public func createGroup(_ name: String) throws -> HDF5Group {
        let gid = H5Gcreate2(id, name, myoflow_H5P_DEFAULT(), myoflow_H5P_DEFAULT(), myoflow_H5P_DEFAULT())
        guard gid >= 0 else { throw HDF5Error.operationFailed(path: location, what: "creating group '\(name)'") }
        return HDF5Group(id: gid, filePath: filePath, groupPath: child(name), owner: owner ?? self)
    }

    /// Opens an existing sub-group.
    public func openGroup(_ name: String) throws -> HDF5Group {
        guard contains(name) else { throw HDF5Error.missingObject(path: filePath, name: child(name)) }
        let gid = H5Gopen2(id, name, myoflow_H5P_DEFAULT())
        guard gid >= 0 else { throw HDF5Error.wrongType(path: filePath, name: child(name), expected: "a group") }
        return HDF5Group(id: gid, filePath: filePath, groupPath: child(name), owner: owner ?? self)
    }
}

/// An HDF5 file; its root group.
public final class HDF5File: HDF5Group, @unchecked Sendable {
    private let fileID: hid_t

    public enum Mode: Sendable {
        /// Read only.
        case read
        /// Read and write an existing file.
        case readWrite
        /// Create, replacing any existing file.
        case truncate
    }

    public init(path: String, mode: Mode) throws {
        myoflow_H5_silence_errors()
        let fid: hid_t
        switch mode {
        case .read: fid = H5Fopen(path, myoflow_H5F_ACC_RDONLY(), myoflow_H5P_DEFAULT())
        case .readWrite: fid = H5Fopen(path, myoflow_H5F_ACC_RDWR(), myoflow_H5P_DEFAULT())
        case .truncate: fid = H5Fcreate(path, myoflow_H5F_ACC_TRUNC(), myoflow_H5P_DEFAULT(), myoflow_H5P_DEFAULT())
        }
        guard fid >= 0 else {
            throw mode == .truncate ? HDF5Error.cannotCreate(path: path) : HDF5Error.cannotOpen(path: path)
        }
        let root = H5Gopen2(fid, "/", myoflow_H5P_DEFAULT())
        guard root >= 0 else {
            H5Fclose(fid)
            throw HDF5Error.cannotOpen(path: path)
        }
        fileID = fid
        super.init(id: root, filePath: path, groupPath: "/", owner: nil)
    }

    deinit {
        H5Gclose(id)
        H5Fclose(fileID)
    }

    /// Writes buffered data to disk.
    public func flush() throws {
        guard H5Fflush(fileID, H5F_SCOPE_GLOBAL) >= 0 else { throw HDF5Error.operationFailed(path: filePath, what: "flush") }
    }
}
