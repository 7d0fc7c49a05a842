package org.rtc4j.peer;

import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.LongConsumer;
import org.rtc4j.media.EncodedFrame;
import org.rtc4j.peer.internal.PeerEvent;
import org.rtc4j.peer.internal.Transceiver;
import org.rtc4j.sctp.dcep.DataChannelEvent;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The application's listeners of one connection, and the dispatch of the core's events to them on
 * the loop thread. A listener that throws is logged and does not stop the dispatch.
 */
final class Listeners {
  private static final Logger LOG = LoggerFactory.getLogger(PeerConnection.class);

  volatile Consumer<IceCandidate> iceCandidate;
  volatile Consumer<IceGatheringState> gathering;
  volatile Consumer<IceConnectionState> iceConnection;
  volatile Consumer<PeerConnectionState> connection;
  volatile Consumer<SignalingState> signaling;
  volatile Runnable negotiationNeeded;
  volatile Consumer<TrackEvent> track;
  volatile Consumer<DataChannel> dataChannel;

  /** Calls the listener an event is for; {@code pc} gives core objects' public views. */
  void dispatch(PeerEvent e, PeerConnection pc) {
    Function<Transceiver, RtpTransceiver> views = pc::view;
    if (e instanceof PeerEvent.ChannelMessage m) {
      if (m.channel().attachment() instanceof DataChannel d) {
        d.message(m.data(), m.binary());
      }
    } else if (e instanceof PeerEvent.Channel c) {
      dispatchChannel(c.event(), pc);
    } else if (e instanceof PeerEvent.Frame f) {
      Consumer<EncodedFrame> l = views.apply(f.transceiver()).receiver().frameListener;
      fire(l, f.frame(), "onFrame");
    } else if (e instanceof PeerEvent.LocalCandidate c) {
      fire(iceCandidate, c.candidate(), "onIceCandidate");
    } else if (e instanceof PeerEvent.GatheringStateChanged g) {
      fire(gathering, g.state(), "onIceGatheringStateChange");
    } else if (e instanceof PeerEvent.IceConnectionStateChanged s) {
      fire(iceConnection, s.state(), "onIceConnectionStateChange");
    } else if (e instanceof PeerEvent.ConnectionStateChanged s) {
      fire(connection, s.state(), "onConnectionStateChange");
    } else if (e instanceof PeerEvent.SignalingStateChanged s) {
      fire(signaling, s.state(), "onSignalingStateChange");
    } else if (e instanceof PeerEvent.Track t) {
      RtpTransceiver rt = views.apply(t.transceiver());
      fire(track, new TrackEvent(rt.receiver(), rt, t.trackId(), rt.kind(), t.streamIds()), "onTrack");
    } else if (e instanceof PeerEvent.TargetBitrate b) {
      LongConsumer l = views.apply(b.transceiver()).sender().targetBitrateListener;
      if (l != null) {
        safely(() -> l.accept(b.bitrateBps()), "onTargetBitrate");
      }
    } else if (e instanceof PeerEvent.KeyFrameRequested k) {
      Runnable l = views.apply(k.transceiver()).sender().keyFrameRequestListener;
      if (l != null) {
        safely(l, "onKeyFrameRequest");
      }
    }
  }

  private void dispatchChannel(DataChannelEvent e, PeerConnection pc) {
    if (e instanceof DataChannelEvent.ChannelAnnounced a) {
      fire(dataChannel, DataChannel.announced(pc, a.channel()), "onDataChannel");
    } else if (e instanceof DataChannelEvent.Open o && o.channel().attachment() instanceof DataChannel d) {
      d.opened();
    } else if (e instanceof DataChannelEvent.BufferedAmountLow b && b.channel().attachment() instanceof DataChannel d) {
      d.bufferedAmountLow();
    } else if (e instanceof DataChannelEvent.Closing c && c.channel().attachment() instanceof DataChannel d) {
      d.closing();
    } else if (e instanceof DataChannelEvent.Closed c && c.channel().attachment() instanceof DataChannel d) {
      d.closed();
    } else if (e instanceof DataChannelEvent.Error r && r.channel() != null
        && r.channel().attachment() instanceof DataChannel d) {
      d.error(r.message());
    }
  }

  /** Fires negotiation-needed if it still applies when the queued task runs. */
  void negotiationNeeded(boolean stillNeeded) {
    Runnable l = negotiationNeeded;
    if (stillNeeded && l != null) {
      safely(l, "onNegotiationNeeded");
    }
  }

  private static <T> void fire(Consumer<T> listener, T value, String what) {
    if (listener != null) {
      safely(() -> listener.accept(value), what);
    }
  }

  static void safely(Runnable r, String what) {
    try {
      r.run();
    } catch (RuntimeException e) {
      LOG.warn("{} listener failed", what, e);
    }
  }
}
