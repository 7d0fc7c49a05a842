package org.rtc4j.net;

import jdk.jfr.Category;
import jdk.jfr.Description;
import jdk.jfr.Enabled;
import jdk.jfr.Label;
import jdk.jfr.Name;
import jdk.jfr.StackTrace;
import jdk.jfr.Timespan;

/**
 * JFR event {@code rtc4j.LoopTask}: one timer or posted task run by an {@link EventLoop}, with how
 * late it started (a timer: after its deadline; a task: after it was posted) and, as the event's
 * duration, how long it ran. Off even in a recording unless enabled by name (one event per timer
 * and task is a lot on a busy server): {@code -XX:StartFlightRecording:+rtc4j.LoopTask#enabled=true}.
 * While it is off the loop pays one {@code isEnabled} check per task.
 */
@Name("rtc4j.LoopTask")
@Label("Event Loop Task")
@Category({"rtc4j", "Event Loop"})
@Description("A timer or posted task run on an rtc4j event loop: how late it started and how long it ran")
@StackTrace(false)
@Enabled(false)
final class LoopTaskEvent extends jdk.jfr.Event {
  @Label("Loop")
  String loop;

  @Label("Kind")
  @Description("timer or task")
  String kind;

  @Label("Start Latency")
  @Description("From the timer's deadline, or the task's posting, to its start")
  @Timespan(Timespan.NANOSECONDS)
  long latency;
}
