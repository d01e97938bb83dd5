import FuzzSupport
import Glibc

// libFuzzer calls fuzzPathRequest with each input; see its file for what is checked.
exit(runFuzzer(fuzzPathRequest))
