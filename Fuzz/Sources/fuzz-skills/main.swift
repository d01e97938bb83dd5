import FuzzSupport
import Glibc

// libFuzzer calls fuzzSkills with each input; see its file for what is checked.
exit(runFuzzer(fuzzSkills))
