/**
 * An application module that uses rtc4j from the module path (ModulePathIT compiles and runs it,
 * with the README's example, org.rtc4j.examples.HelloRtc4j, compiled in).
 */
module rtc4j.modulecheck {
    requires org.rtc4j.peer;
    requires org.rtc4j.sdp;
    requires org.rtc4j.srtp;
}
