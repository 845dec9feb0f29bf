-- The demo database: users (from the pre-Laravel-11 migration) and the migration history, no sessions.
create table "migrations" ("id" integer primary key autoincrement not null, "migration" varchar not null, "batch" integer not null);
create table "users" ("id" integer primary key autoincrement not null, "name" varchar not null, "email" varchar not null, "email_verified_at" datetime, "password" varchar not null, "remember_token" varchar, "created_at" datetime, "updated_at" datetime);
create unique index "users_email_unique" on "users" ("email");
insert into "migrations" ("migration", "batch") values ('2014_10_12_000000_create_users_table', 1);
insert into "users" ("name", "email", "password") values ('Ada', 'ada@example.com', 'x'), ('Grace', 'grace@example.com', 'x');
