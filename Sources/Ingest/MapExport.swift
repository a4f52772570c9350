import HDF5IO
import MyoFlowCore
import NIfTI

/// Output helpers for per-pixel maps and label maps on a slice grid (used by reporting):
/// NIfTI files with the RAS affine of the slice, and HDF5 datasets carrying the slice geometry.
public enum MapExport {
    /// Writes a Float32 map (rows × columns, row-major) as NIfTI (.nii or .nii.gz).
    public static func writeNIfTI(_ values: [Float], rows: Int, columns: Int, geometry: SliceGeometry, to path: String) throws {
        try NIfTIImage(rows: rows, columns: columns, values: values, geometry: geometry).write(to: path)
    }

    /// Writes a label map as uint8 NIfTI.
    public static func writeNIfTI(_ labels: LabelMap, geometry: SliceGeometry, to path: String) throws {
        try NIfTIImage(labelMap: labels, geometry: geometry).write(to: path)
    }

    /// Writes a Float32 map as dataset `name` (shape rows × columns) with the slice geometry as
    /// attributes: `image_position_patient`, `image_orientation_patient` (DICOM LPS, mm),
    /// `pixel_spacing_mm` ([row, column]), `slice_thickness_mm` and `affine_ras` (4×4 row-major,
    /// NIfTI convention i = column, j = row).
    public static func writeHDF5(_ values: [Float], rows: Int, columns: Int, geometry: SliceGeometry, name: String, in group: HDF5Group) throws {
        try group.write(name, values: values, shape: [rows, columns], compress: true)
        try writeGeometry(geometry, on: name, in: group)
    }

    /// Writes a label map as uint8 dataset `name` with the slice geometry attributes.
    public static func writeHDF5(_ labels: LabelMap, geometry: SliceGeometry, name: String, in group: HDF5Group) throws {
        try group.write(name, values: labels.labels, shape: [labels.rows, labels.columns], compress: true)
        try writeGeometry(geometry, on: name, in: group)
    }

    static func writeGeometry(_ g: SliceGeometry, on name: String, in group: HDF5Group) throws {
        try group.setAttribute("image_position_patient", [g.position.x, g.position.y, g.position.z], on: name)
        try group.setAttribute("image_orientation_patient", [g.rowDirection.x, g.rowDirection.y, g.rowDirection.z,
                                                              g.columnDirection.x, g.columnDirection.y, g.columnDirection.z], on: name)
        try group.setAttribute("pixel_spacing_mm", [g.spacing.rowMm, g.spacing.columnMm], on: name)
        try group.setAttribute("slice_thickness_mm", g.sliceThicknessMm, on: name)
        try group.setAttribute("affine_ras", NIfTIAffine.affine(from: g).flatMap { $0 }, on: name)
    }
}
