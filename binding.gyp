{
  "targets": [
    {
      "target_name": "nnfab_native",
      "sources": ["native/addon.cc", "native/dense.cc", "native/softmax.cc"],
      "cflags_cc": ["-O3", "-std=c++17", "-fwrapv", "-Wno-psabi", "-ffp-contract=off"],
      "cflags_cc!": ["-fno-rtti"]
    }
  ]
}
