using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Aggregator.Web.Data.Migrations
{
    /// <inheritdoc />
    public partial class TopicVersion : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<int>(
                name: "Version",
                table: "Topics",
                type: "INTEGER",
                nullable: false,
                defaultValue: 0);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "Version",
                table: "Topics");
        }
    }
}
