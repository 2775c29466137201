{
  "targets": [
    {
      "target_name": "nnfab_native",
      "sources": ["native/dense.cc"],
      "cflags_cc": ["-O3", "-std=c++17", "-fwrapv", "-Wno-psabi"],
      "cflags_cc!": ["-fno-rtti"]
    }
  ]
}
