-- AlterTable
ALTER TABLE "OrgSettings" ADD COLUMN     "setupCompletedAt" TIMESTAMP(3);

-- Installs that ran setup before this column existed: setup is done where an HR admin was ever created.
UPDATE "OrgSettings" SET "setupCompletedAt" = "updatedAt" WHERE EXISTS (SELECT 1 FROM "Employee" WHERE "role" = 'hr_admin');
