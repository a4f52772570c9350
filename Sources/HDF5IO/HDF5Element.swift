import CHDF5

/// Element types that can be stored in HDF5 datasets and attributes.
public protocol HDF5Element: Sendable {
    /// The native HDF5 memory type id.
    static var hdf5Type: hid_t { get }
    static var typeName: String { get }
    init()
}

extension Float: HDF5Element {
    public static var hdf5Type: hid_t { myoflow_H5T_NATIVE_FLOAT() }
    public static var typeName: String { "float32" }
}
extension Double: HDF5Element {
    public static var hdf5Type: hid_t { myoflow_H5T_NATIVE_DOUBLE() }
    public static var typeName: String { "float64" }
}
extension Int32: HDF5Element {
    public static var hdf5Type: hid_t { myoflow_H5T_NATIVE_INT32() }
    public static var typeName: String { "int32" }
}
extension Int64: HDF5Element {
    public static var hdf5Type: hid_t { myoflow_H5T_NATIVE_INT64() }
    public static var typeName: String { "int64" }
}
extension UInt8: HDF5Element {
    public static var hdf5Type: hid_t { myoflow_H5T_NATIVE_UINT8() }
    public static var typeName: String { "uint8" }
}

/// An N-d array as read from or written to HDF5: C order (last index fastest).
public struct HDF5Array<Element: HDF5Element>: Sendable {
    public var shape: [Int]
    public var values: [Element]

    public init(shape: [Int], values: [Element]) {
        precondition(shape.reduce(1, *) == values.count, "HDF5Array: shape \(shape) does not hold \(values.count) values")
        self.shape = shape
        self.values = values
    }
}
