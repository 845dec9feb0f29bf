-- The demo database: Prisma's User table with rows, and no Session table.
CREATE TABLE "User" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "email" TEXT NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL
);
CREATE UNIQUE INDEX "User_email_key" ON "User"("email");
INSERT INTO "User" ("id", "email", "updatedAt") VALUES
  ('cm0user0001', 'ada@example.com', CURRENT_TIMESTAMP),
  ('cm0user0002', 'grace@example.com', CURRENT_TIMESTAMP),
  ('cm0user0003', 'linus@example.com', CURRENT_TIMESTAMP);
