package dev.tollgate.web.support;

import java.io.File;
import java.net.URL;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.ShrinkWrap;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * An integration test against the built WAR deployed by Arquillian on Payara Micro, with the shared PostgreSQL, the
 * operator token and the credential key of {@link SharedPostgres}. Tests call it from outside, as clients do.
 */
@ExtendWith(SharedPostgres.class)
@ExtendWith(ArquillianExtension.class)
public abstract class DeployedTollgate {

    @Deployment(testable = false)
    public static WebArchive tollgate() {
        return ShrinkWrap.createFromZipFile(WebArchive.class, new File(System.getProperty("tollgate.war")));
    }

    @ArquillianResource
    protected URL base;
}
