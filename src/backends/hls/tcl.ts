/** build_prj.tcl and vivado_synth.tcl of a project (Vitis HLS via vitis-run, or Vivado HLS). */

/** Project-level settings the scripts need. */
export interface TclSettings {
  readonly project: string;
  readonly backend: 'vitis' | 'vivado';
  readonly part: string;
  readonly clockPeriod: number;
  readonly clockUncertainty: string;
}

/** build_prj.tcl: options csim, synth, cosim, export, vsynth (each `name=0|1` on the command line). */
export function buildPrjTcl(s: TclSettings): string {
  const run = s.backend === 'vitis' ? `vitis-run --mode hls --tcl build_prj.tcl` : `vivado_hls -f build_prj.tcl`;
  const solution = s.backend === 'vitis' ? 'open_solution -reset solution1 -flow_target vivado' : 'open_solution -reset solution1';
  return `# HLS build script written by nnfab.
# Run: ${run}
# Steps are chosen with name=0|1 arguments (e.g. "csim=1 synth=1 cosim=0 export=0 vsynth=0"${s.backend === 'vitis' ? ', passed with -tclargs' : ''}).
array set opt {reset 1 csim 1 synth 1 cosim 0 validation 0 export 0 vsynth 0}
foreach arg $::argv {
  set kv [split $arg =]
  if {[llength $kv] == 2 && [info exists opt([lindex $kv 0])]} { set opt([lindex $kv 0]) [lindex $kv 1] }
}
set project ${s.project}
open_project -reset \${project}_prj
set_top \${project}
add_files firmware/\${project}.cpp -cflags "-std=c++14"
add_files -tb \${project}_test.cpp -cflags "-std=c++14"
add_files -tb firmware/weights
add_files -tb tb_data
${solution}
set_part {${s.part}}
create_clock -period ${s.clockPeriod} -name default
set_clock_uncertainty ${s.clockUncertainty}
if {$opt(csim)} {
  puts "***** C SIMULATION *****"
  csim_design
}
if {$opt(synth)} {
  puts "***** C/RTL SYNTHESIS *****"
  csynth_design
}
if {$opt(cosim)} {
  puts "***** C/RTL SIMULATION *****"
  cosim_design -trace_level all
}
if {$opt(export)} {
  puts "***** EXPORT IP *****"
  export_design -format ip_catalog
}
if {$opt(vsynth)} {
  puts "***** VIVADO SYNTHESIS *****"
  exec vivado -mode batch -source vivado_synth.tcl >@ stdout
}
exit
`;
}

/** vivado_synth.tcl: logic synthesis of the HLS output, utilization report to vivado_synth.rpt. */
export function vivadoSynthTcl(s: TclSettings): string {
  return `# Vivado logic synthesis of the HLS result, written by nnfab.
set tcl_path [file dirname [info script]]
set project ${s.project}
add_files \${tcl_path}/\${project}_prj/solution1/syn/verilog
synth_design -top \${project} -part ${s.part}
opt_design -retarget -propconst -sweep -bram_power_opt -shift_register_opt
report_utilization -file vivado_synth.rpt
report_timing_summary -file vivado_timing.rpt
`;
}
