import FuzzSupport
import Glibc

// libFuzzer calls fuzzPrerequisites with each input; see its file for what is checked.
exit(runFuzzer(fuzzPrerequisites))
