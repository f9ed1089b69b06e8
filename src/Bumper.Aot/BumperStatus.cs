namespace Bumper.Aot;

/// <summary>
/// The status codes of the C API (<c>BUMPER_OK</c>, <c>BUMPER_E_*</c> in include/bumper.h): zero
/// for success, negative for an error whose message <c>bumper_last_error()</c> returns.
/// </summary>
public enum BumperStatus
{
    /// <summary><c>BUMPER_OK</c>: the call succeeded.</summary>
    Ok = 0,

    /// <summary><c>BUMPER_E_NULL_BUFFER</c>: the buffer argument was NULL.</summary>
    NullBuffer = -1,

    /// <summary><c>BUMPER_E_INVALID_BUFFER</c>: the buffer was already freed, or never came from <c>bumper_buffer_new</c>.</summary>
    InvalidBuffer = -2,

    /// <summary><c>BUMPER_E_INVALID_ALIGNMENT</c>: the alignment is zero, not a power of two, or above 4096.</summary>
    InvalidAlignment = -3,

    /// <summary><c>BUMPER_E_INVALID_SIZE</c>: a size or capacity above <c>PTRDIFF_MAX</c>.</summary>
    InvalidSize = -4,

    /// <summary><c>BUMPER_E_FULL</c>: the buffer has no room for the allocation; it is left unchanged.</summary>
    Full = -5,

    /// <summary><c>BUMPER_E_OUT_OF_MEMORY</c>: the system could not supply a buffer's memory.</summary>
    OutOfMemory = -6,

    /// <summary><c>BUMPER_E_STALE_CHECKPOINT</c>: the checkpoint is dead (restored past, reset), from another buffer, or from a failed save.</summary>
    StaleCheckpoint = -7,

    /// <summary><c>BUMPER_E_INTERNAL</c>: an unexpected failure inside the library; the message says which.</summary>
    Internal = -8,

    /// <summary><c>BUMPER_E_BUSY</c>: a cursor is open on the buffer; close it with <c>bumper_cursor_close</c> first.</summary>
    Busy = -9,

    /// <summary><c>BUMPER_E_INVALID_CURSOR</c>: the cursor is NULL, closed, not open on its buffer, or was modified.</summary>
    InvalidCursor = -10,

    /// <summary><c>BUMPER_E_INVALID_FLAGS</c>: <c>bumper_buffer_new_ex</c> or <c>bumper_buffer_new_growable</c> was given a flag it does not know.</summary>
    InvalidFlags = -11,

    /// <summary><c>BUMPER_E_NOT_GROWABLE</c>: the call applies only to a <c>BUMPER_GROWABLE</c> buffer.</summary>
    NotGrowable = -12,

    /// <summary><c>BUMPER_E_INVALID_ARGUMENT</c>: a required pointer is NULL, or a struct's <c>size</c> is too small.</summary>
    InvalidArgument = -13,
}
