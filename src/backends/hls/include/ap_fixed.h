// nnfab's ap_fixed / ap_ufixed for local C simulation (see nnfab_ap_core.h).
#ifndef NNFAB_AP_FIXED_H
#define NNFAB_AP_FIXED_H
#include "nnfab_ap_ops.h"
#endif
