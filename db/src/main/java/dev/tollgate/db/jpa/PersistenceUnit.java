package dev.tollgate.db.jpa;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Produces;
import java.util.Map;
import java.util.ServiceLoader;
import javax.sql.DataSource;
import org.hibernate.SessionFactory;
import org.hibernate.boot.MetadataSources;
import org.hibernate.boot.registry.StandardServiceRegistry;
import org.hibernate.boot.registry.StandardServiceRegistryBuilder;
import org.hibernate.cfg.AvailableSettings;
import org.hibernate.dialect.PostgreSQLDialect;
import org.hibernate.engine.transaction.jta.platform.internal.NoJtaPlatform;

/**
 * Builds Hibernate's {@link SessionFactory} (which is the JPA {@code EntityManagerFactory}) over the application's
 * pool. Bootstrapped here rather than from a {@code persistence.xml} so that Payara's own JPA deployer, which runs
 * before the embedded database exists and trips over Hibernate's enhancer (Payara issue 6248), stays out of it.
 * Transactions are resource-local: {@code sessionFactory.inTransaction(...)}.
 */
@ApplicationScoped
public class PersistenceUnit {

    @Produces
    @ApplicationScoped
    SessionFactory sessionFactory(DataSource dataSource) {
        return build(dataSource);
    }

    static SessionFactory build(DataSource dataSource) {
        return build(dataSource, Map.of());
    }

    /**
     * The application's session factory over {@code dataSource}, with {@code settings} on top: tests of control
     * classes build theirs here.
     */
    public static SessionFactory build(DataSource dataSource, Map<String, Object> settings) {
        StandardServiceRegistry registry = new StandardServiceRegistryBuilder()
                .applySetting(AvailableSettings.JAKARTA_NON_JTA_DATASOURCE, dataSource)
                .applySetting(AvailableSettings.DIALECT, PostgreSQLDialect.class.getName())
                .applySetting(AvailableSettings.HBM2DDL_AUTO, "none")
                .applySetting(AvailableSettings.TRANSACTION_COORDINATOR_STRATEGY, "jdbc")
                .applySetting(AvailableSettings.JTA_PLATFORM, NoJtaPlatform.class.getName())
                .applySetting(AvailableSettings.STATEMENT_BATCH_SIZE, 50)
                .applySetting(AvailableSettings.ORDER_INSERTS, true)
                .applySettings(settings)
                .build();
        try {
            MetadataSources sources = new MetadataSources(registry);
            ServiceLoader.load(EntityTypes.class, PersistenceUnit.class.getClassLoader())
                    .forEach(types -> types.entityTypes().forEach(sources::addAnnotatedClass));
            return sources.buildMetadata().buildSessionFactory();
        } catch (RuntimeException e) {
            StandardServiceRegistryBuilder.destroy(registry);
            throw e;
        }
    }

    void close(@Disposes SessionFactory sessionFactory) {
        sessionFactory.close();
    }
}
