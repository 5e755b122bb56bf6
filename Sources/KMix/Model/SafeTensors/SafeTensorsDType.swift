/// The element types a safetensors file can declare, spelled as in its header.
///
/// These are the whole-byte dtypes of the Hugging Face specification; the
/// sub-byte formats (`F4`, `F6_*`) are reported as unknown dtypes.
public enum SafeTensorsDType: String, Sendable, CaseIterable {
    /// IEEE 754 double precision.
    case f64 = "F64"
    /// IEEE 754 single precision.
    case f32 = "F32"
    /// IEEE 754 half precision.
    case f16 = "F16"
    /// bfloat16: the upper half of a single-precision float.
    case bf16 = "BF16"
    /// 8-bit float with 4 exponent and 3 mantissa bits.
    case f8E4M3 = "F8_E4M3"
    /// 8-bit float with 5 exponent and 2 mantissa bits.
    case f8E5M2 = "F8_E5M2"
    /// 8-bit power-of-two scale (exponent only).
    case f8E8M0 = "F8_E8M0"
    /// Complex number of two single-precision floats.
    case c64 = "C64"
    /// Signed 64-bit integer.
    case i64 = "I64"
    /// Signed 32-bit integer.
    case i32 = "I32"
    /// Signed 16-bit integer.
    case i16 = "I16"
    /// Signed 8-bit integer.
    case i8 = "I8"
    /// Unsigned 64-bit integer.
    case u64 = "U64"
    /// Unsigned 32-bit integer.
    case u32 = "U32"
    /// Unsigned 16-bit integer.
    case u16 = "U16"
    /// Unsigned 8-bit integer.
    case u8 = "U8"
    /// Boolean stored as one byte, 0 or 1.
    case bool = "BOOL"

    /// The number of bytes one element occupies in the data section.
    public var byteSize: Int {
        switch self {
        case .f64, .c64, .i64, .u64: 8
        case .f32, .i32, .u32: 4
        case .f16, .bf16, .i16, .u16: 2
        case .f8E4M3, .f8E5M2, .f8E8M0, .i8, .u8, .bool: 1
        }
    }
}
