// nnfab's ap_int / ap_uint for local C simulation (see nnfab_ap_core.h).
#ifndef NNFAB_AP_INT_H
#define NNFAB_AP_INT_H
#include "nnfab_ap_ops.h"
#endif
