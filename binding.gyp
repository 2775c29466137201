{
  "targets": [
    {
      "target_name": "nnfab_native",
      "sources": ["native/addon.cc", "native/dense.cc", "native/quantize.cc", "native/softmax.cc"],
      "cflags_cc": ["-O3", "-std=c++17", "-fwrapv", "-Wno-psabi", "-ffp-contract=off", "-fno-trapping-math"],
      "cflags_cc!": ["-fno-rtti"]
    }
  ]
}
