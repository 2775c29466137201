// nnfab HLS kernel library: every kernel.
#ifndef NNFAB_H
#define NNFAB_H
#include "nnfab_common.h"
#include "nnfab_dense.h"
#include "nnfab_activation.h"
#include "nnfab_conv.h"
#include "nnfab_merge.h"
#include "nnfab_stream.h"
#endif
