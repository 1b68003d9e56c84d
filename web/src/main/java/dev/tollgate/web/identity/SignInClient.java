package dev.tollgate.web.identity;

import com.vaadin.flow.server.VaadinRequest;
import dev.tollgate.api.throttle.control.SignInGuessing;
import java.util.Collections;
import java.util.List;

/** The client address a sign-in form's request came from, as the sign-in throttle counts it. */
public final class SignInClient {

    private SignInClient() {}

    public static String address(SignInGuessing guessing) {
        VaadinRequest request = VaadinRequest.getCurrent();
        if (request == null) {
            return "unknown";
        }
        List<String> forwardedFor = request.getHeaders("X-Forwarded-For") == null
                ? List.of()
                : Collections.list(request.getHeaders("X-Forwarded-For"));
        return guessing.clientOf(request.getRemoteAddr(), forwardedFor);
    }
}
