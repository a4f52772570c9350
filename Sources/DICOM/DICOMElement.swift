/// One element of a data set: its tag, VR and either raw value bytes or sequence items.
///
/// Raw values keep the byte order of the data set they came from (`bigEndian`); the typed
/// accessors of `DICOMDataSet` decode them.
public struct DICOMElement: Sendable {
    public var tag: DICOMTag
    /// The explicit VR, or the VR the writer should use; `UN` for implicit-VR elements.
    public var vr: DICOMVR
    /// Value bytes (empty for sequences).
    public var bytes: ArraySlice<UInt8>
    /// Items of a sequence (nil for non-sequence elements).
    public var items: [DICOMDataSet]?

    public init(tag: DICOMTag, vr: DICOMVR, bytes: ArraySlice<UInt8>) {
        self.tag = tag
        self.vr = vr
        self.bytes = bytes
        self.items = nil
    }

    public init(tag: DICOMTag, items: [DICOMDataSet]) {
        self.tag = tag
        self.vr = .SQ
        self.bytes = []
        self.items = items
    }
}
