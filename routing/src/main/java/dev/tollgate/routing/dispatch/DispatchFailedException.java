package dev.tollgate.routing.dispatch;

import dev.tollgate.routing.adapter.UpstreamFailure;
import java.util.List;

/** Every endpoint was tried (or the last failure forbade trying more); the last failure decides the status. */
public class DispatchFailedException extends Exception {

    private final UpstreamFailure last;
    private final List<Attempt> attempts;

    public DispatchFailedException(UpstreamFailure last, List<Attempt> attempts) {
        super(last.getMessage(), last, false, false);
        this.last = last;
        this.attempts = List.copyOf(attempts);
    }

    public UpstreamFailure last() {
        return last;
    }

    public List<Attempt> attempts() {
        return attempts;
    }
}
