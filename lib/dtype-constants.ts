// torch.float32, torch.int64, ...: the dtype strings, so `t.dtype === torch.float32` holds.
export const float32 = 'float32';
export const float = 'float32';
export const float64 = 'float64';
export const double = 'float64';
export const float16 = 'float16';
export const half = 'float16';
export const bfloat16 = 'bfloat16';
export const int64 = 'int64';
export const long = 'int64';
export const int32 = 'int32';
export const int = 'int32';
export const bool = 'bool';
export const int16 = 'int16';
export const short = 'int16';
export const int8 = 'int8';
export const uint8 = 'uint8';
