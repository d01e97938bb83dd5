import FuzzSupport
import Glibc

// libFuzzer calls fuzzModelFile with each input; see its file for what is checked.
exit(runFuzzer(fuzzModelFile))
